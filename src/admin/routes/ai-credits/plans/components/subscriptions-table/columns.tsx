import { StatusBadge, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import { formatDate, humanize } from "../../../../../lib/format"
import type { Subscription } from "../../../../../lib/plans"
import { STATUS_COLOR } from "../plan-text"

const column = createDataTableColumnHelper<Subscription>()

/** The subscriptions' columns: who, on which plan, in which state and period. */
export function useSubscriptionColumns(customerName: (id: string) => string) {
  return useMemo(
    () => [
      column.accessor("customer_id", {
        header: "Customer",
        cell: ({ getValue }) => (
          <Link to={`/customers/${getValue()}`} className="text-ui-fg-interactive hover:underline">
            {customerName(getValue())}
          </Link>
        ),
      }),
      column.accessor("plan_id", { header: "Plan", cell: ({ row: { original: s } }) => s.plan?.name ?? s.plan_id }),
      column.accessor("status", {
        header: "Status",
        cell: ({ row: { original: s } }) => (
          <div className="flex flex-col gap-y-1 py-1">
            <StatusBadge color={STATUS_COLOR[s.status] ?? "grey"}>{humanize(s.status)}</StatusBadge>
            {s.status === "trialing" && s.trial_ends_at ? (
              <Text size="xsmall" className="text-ui-fg-subtle">
                Trial ends {formatDate(s.trial_ends_at)}
              </Text>
            ) : s.cancel_at_period_end && s.status !== "canceled" ? (
              <Text size="xsmall" className="text-ui-fg-subtle">
                Cancels at period end
              </Text>
            ) : null}
          </div>
        ),
      }),
      column.accessor("current_period_start", {
        header: "Current period",
        cell: ({ row: { original: s } }) => (
          <span className="whitespace-nowrap">
            {s.current_period_start ? `${formatDate(s.current_period_start)} – ${formatDate(s.current_period_end)}` : "–"}
          </span>
        ),
      }),
      column.accessor("billing", { header: "Billing", cell: ({ getValue }) => (getValue() === "stripe" ? "Stripe" : "Invoice") }),
    ],
    [customerName]
  )
}
