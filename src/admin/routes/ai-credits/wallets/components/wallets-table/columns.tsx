import { Text, clx, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { OwnerTypeBadge } from "../../../../../components/badges"
import type { Wallet } from "../../../../../lib/api"
import { formatCredits, formatDate } from "../../../../../lib/format"

const column = createDataTableColumnHelper<Wallet>()

const credits = (value: number, className?: string) => (
  <span className={clx("tabular-nums", className)}>{formatCredits(value)}</span>
)

/** The wallet list's columns; `ownerLabel` names an owner (a customer's email, a channel's name). */
export function useWalletColumns(ownerLabel: (wallet: Wallet) => string) {
  return useMemo(
    () => [
      column.accessor("owner_id", {
        header: "Owner",
        cell: ({ row }) => (
          <div className="flex flex-col">
            <Text size="small" weight="plus">
              {ownerLabel(row.original)}
            </Text>
            <Text size="xsmall" className="text-ui-fg-muted">
              {row.original.owner_id}
            </Text>
          </div>
        ),
      }),
      column.accessor("owner_type", {
        header: "Type",
        cell: ({ getValue }) => <OwnerTypeBadge type={getValue()} />,
      }),
      column.accessor("balance", {
        header: "Balance",
        align: "right",
        cell: ({ getValue }) => credits(getValue(), getValue() < 0 ? "text-ui-fg-error" : undefined),
      }),
      column.accessor("reserved", {
        header: "Held",
        align: "right",
        cell: ({ getValue }) => credits(getValue(), "text-ui-fg-subtle"),
      }),
      column.accessor("available", {
        header: "Available",
        align: "right",
        cell: ({ getValue }) => credits(getValue(), getValue() <= 0 ? "text-ui-fg-error" : undefined),
      }),
      column.accessor("overage_used", {
        header: "Overage used / limit",
        align: "right",
        cell: ({ row }) => (
          <span className="text-ui-fg-subtle tabular-nums">
            {formatCredits(row.original.overage_used)} / {formatCredits(row.original.overage_limit)}
          </span>
        ),
      }),
      column.accessor("created_at", {
        header: "Created",
        cell: ({ getValue }) => <span className="whitespace-nowrap">{formatDate(getValue())}</span>,
      }),
    ],
    [ownerLabel]
  )
}
