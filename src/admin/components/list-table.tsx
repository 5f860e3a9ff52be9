import { DataTable, Text, clx, useDataTable, type DataTableColumnDef } from "@medusajs/ui"
import type { ReactNode } from "react"
import { EmptyState, ErrorState, type EmptyStateProps } from "./states"

/** Server-side paging of a list: the page shown and the total the API counted. */
export type ListPaging = {
  count: number
  pageIndex: number
  pageSize: number
  onPageChange: (index: number) => void
}

type ListTableProps<T extends { id: string }> = {
  rows: T[]
  // Columns of any value type, as DataTable takes them.
  columns: DataTableColumnDef<T, any>[]
  getRowId?: (row: T) => string
  /** The list's query (a `useQuery` result): its loading state, its error and a retry. None when the rows came loaded. */
  query?: ListQueryState
  /** What the list shows when it has no row: an `EmptyState`'s title, icon and next step. */
  empty: EmptyStateProps
  /** When filters are on, a list without rows says so instead (with `title`) and suggests clearing them. */
  noMatches?: { filtered: boolean; title: string }
  paging?: ListPaging
  /** Opens a row; it gets the row's id (`getRowId`). */
  onRowClick?: (rowId: string) => void
  /** Rows above the table, inside the same container (filters, a toolbar). */
  toolbar?: ReactNode
}

/** What the table reads of the query that loads its rows. */
export type ListQueryState = { isLoading: boolean; error: unknown; refetch: () => unknown }

const byId = (row: { id: string }) => row.id

/**
 * One list of the admin on Medusa UI's DataTable: its skeleton while loading, the API's error with
 * a retry, the list's own empty state, and the dashboard's pager when the list is paged.
 */
export function ListTable<T extends { id: string }>({
  rows,
  columns,
  getRowId = byId,
  query,
  empty,
  noMatches,
  paging,
  onRowClick,
  toolbar,
}: ListTableProps<T>) {
  const isLoading = query?.isLoading ?? false
  const error = query?.error
  const table = useDataTable<T>({
    data: rows,
    columns,
    getRowId,
    isLoading,
    rowCount: paging?.count ?? rows.length,
    // DataTable hands over its table row (typed as the data): both carry the row's id.
    onRowClick: onRowClick ? (_event, row) => onRowClick(row.id) : undefined,
    pagination: paging
      ? {
          state: { pageIndex: paging.pageIndex, pageSize: paging.pageSize },
          onPaginationChange: (state) => paging.onPageChange(state.pageIndex),
        }
      : undefined,
  })
  if (error && !isLoading) {
    return <ErrorState error={error} onRetry={() => void query?.refetch()} />
  }
  const emptyState = noMatches?.filtered ? (
    <EmptyState title={noMatches.title} description="Change or clear the filters." />
  ) : (
    <EmptyState {...empty} />
  )
  return (
    <DataTable instance={table}>
      {toolbar ? <DataTable.Toolbar className="flex-wrap gap-2 px-6 py-3">{toolbar}</DataTable.Toolbar> : null}
      <DataTable.Table emptyState={{ empty: { custom: emptyState }, filtered: { custom: emptyState } }} />
      {paging ? <DataTable.Pagination /> : null}
    </DataTable>
  )
}

/** A right-aligned header, for columns of numbers. */
export const numberHeader = (label: string) => () => <div className="text-right">{label}</div>

/** A right-aligned cell with digits of even width, for columns of numbers. */
export const NumberCell = ({ children, className }: { children: ReactNode; className?: string }) => (
  <div className={`text-right tabular-nums ${className ?? ""}`}>{children}</div>
)

type TitleCellProps = {
  title: ReactNode
  /** The line under the title (none when undefined). */
  detail?: ReactNode
  /** Classes of the cell (its width) and of the detail line. */
  className?: string
  detailClassName?: string
  /** Cut both lines to the cell's width. */
  truncate?: boolean
  children?: ReactNode
}

/** A list cell of two lines: what the row is, and a detail under it in a quieter tone. */
export const TitleCell = ({ title, detail, className, detailClassName, truncate, children }: TitleCellProps) => (
  <div className={clx("flex flex-col py-1", className)}>
    <Text size="small" weight="plus" className={truncate ? "truncate" : undefined}>
      {title}
    </Text>
    {detail !== undefined ? (
      <Text size="xsmall" className={clx("text-ui-fg-subtle", truncate && "truncate", detailClassName)}>
        {detail}
      </Text>
    ) : null}
    {children}
  </div>
)
