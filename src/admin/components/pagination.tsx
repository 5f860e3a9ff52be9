import { useEffect, useState } from "react"
import type { ListPaging } from "./list-table"

/**
 * Offset paging state for a list, reset to the first page when `resetKey` changes (a new filter);
 * `of(count)` is what ListTable's pager needs once the API has counted the rows.
 */
export function usePaging(pageSize: number, resetKey: string) {
  const [pageIndex, setPageIndex] = useState(0)
  useEffect(() => setPageIndex(0), [resetKey])
  const of = (count: number): ListPaging => ({ count, pageIndex, pageSize, onPageChange: setPageIndex })
  return { pageIndex, setPageIndex, offset: pageIndex * pageSize, limit: pageSize, of }
}
