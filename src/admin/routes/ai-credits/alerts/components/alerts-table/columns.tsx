import { Button, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import { SeverityBadge } from "../../../../../components/badges"
import type { CreditAlert } from "../../../../../lib/api"
import { formatCredits, formatDateTime, humanize } from "../../../../../lib/format"
import { alertMessage, ownerDetail, ownerName } from "./owner"

const column = createDataTableColumnHelper<CreditAlert>()

/** Where an alert's owner leads: its wallet, else the customer it is about. */
const ownerLink = (alert: CreditAlert) =>
  alert.wallet_id
    ? `/ai-credits/wallets/${alert.wallet_id}`
    : alert.owner?.type === "customer" && alert.owner.id
      ? `/customers/${alert.owner.id}`
      : undefined

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
              {alertMessage(row.original)}
            </Text>
          </div>
        ),
      }),
      column.accessor("owner", {
        header: "Owner",
        cell: ({ row: { original: alert } }) => {
          const name = ownerName(alert)
          if (!name) {
            return "–"
          }
          const to = ownerLink(alert)
          const detail = ownerDetail(alert)
          return (
            <div className="flex flex-col py-1">
              {to ? (
                <Link to={to} className="text-ui-fg-interactive txt-small hover:underline">
                  {name}
                </Link>
              ) : (
                <Text size="small">{name}</Text>
              )}
              {detail ? (
                <Text size="xsmall" className="text-ui-fg-subtle whitespace-normal">
                  {detail}
                </Text>
              ) : null}
            </div>
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
