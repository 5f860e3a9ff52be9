import { Table } from "@medusajs/ui"
import { useEffect, useState } from "react"

/** Offset paging state for a list, reset to the first page when `resetKey` changes (a new filter). */
export function usePaging(pageSize: number, resetKey: string) {
  const [pageIndex, setPageIndex] = useState(0)
  useEffect(() => setPageIndex(0), [resetKey])
  return { pageIndex, setPageIndex, offset: pageIndex * pageSize, limit: pageSize }
}

type PagerProps = {
  count: number
  pageIndex: number
  pageSize: number
  onPageChange: (index: number) => void
}

/** The dashboard's table pager ("1 — 20 of 57 results"). */
export const Pager = ({ count, pageIndex, pageSize, onPageChange }: PagerProps) => {
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return (
    <Table.Pagination
      count={count}
      pageSize={pageSize}
      pageIndex={pageIndex}
      pageCount={pageCount}
      canPreviousPage={pageIndex > 0}
      canNextPage={pageIndex + 1 < pageCount}
      previousPage={() => onPageChange(Math.max(0, pageIndex - 1))}
      nextPage={() => onPageChange(Math.min(pageCount - 1, pageIndex + 1))}
    />
  )
}
