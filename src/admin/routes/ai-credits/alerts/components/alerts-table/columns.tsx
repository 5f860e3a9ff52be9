import { Button, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import { SeverityBadge } from "../../../../../components/badges"
import type { CreditAlert } from "../../../../../lib/api"
import { formatCredits, formatDateTime, humanize, shortId } from "../../../../../lib/format"

const column = createDataTableColumnHelper<CreditAlert>()

/** The alert list's columns; `resolving` is the alert whose resolve is on its way. */
export function useAlertColumns(onResolve: (alert: CreditAlert) => void, resolving: string | undefined) {
  return useMemo(
    () => [
      column.accessor("severity", {
        header: "Severity",
        cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
      }),
      column.accessor("message", {
        header: "Alert",
        cell: ({ row }) => (
          <div className="flex flex-col py-1">
            <Text size="small" weight="plus">
              {humanize(row.original.type)}
            </Text>
            <Text size="small" className="text-ui-fg-subtle whitespace-normal">
              {row.original.message}
            </Text>
          </div>
        ),
      }),
      column.accessor("wallet_id", {
        header: "Wallet",
        cell: ({ getValue }) => {
          const walletId = getValue()
          return walletId ? (
            <Link to={`/ai-credits/wallets/${walletId}`} className="text-ui-fg-interactive hover:underline">
              {shortId(walletId)}
            </Link>
          ) : (
            "–"
          )
        },
      }),
      column.accessor("occurrences", {
        header: "Times",
        align: "right",
        cell: ({ getValue }) => <span className="tabular-nums">{formatCredits(getValue())}</span>,
      }),
      column.accessor("updated_at", {
        header: "Last seen",
        cell: ({ row }) => (
          <div className="whitespace-nowrap">
            {formatDateTime(row.original.updated_at)}
            {row.original.resolved_at ? (
              <Text size="xsmall" className="text-ui-fg-muted">
                Resolved {formatDateTime(row.original.resolved_at)}
              </Text>
            ) : null}
          </div>
        ),
      }),
      column.display({
        id: "resolve",
        cell: ({ row }) =>
          row.original.status === "open" ? (
            <Button
              size="small"
              variant="secondary"
              isLoading={resolving === row.original.id}
              onClick={() => onResolve(row.original)}
            >
              Resolve
            </Button>
          ) : (
            <Text size="xsmall" className="text-ui-fg-muted">
              Resolved
            </Text>
          ),
      }),
    ],
    [onResolve, resolving]
  )
}
