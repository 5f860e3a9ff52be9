import { Badge, Button, StatusBadge, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { formatCredits } from "../../../../../lib/format"
import type { Plan } from "../../../../../lib/plans"
import { RolloverText, priceText } from "../plan-text"
import { TitleCell } from "../../../../../components/list-table"

const column = createDataTableColumnHelper<Plan>()

/** The plans' columns: what each grants, costs and bills, and a way to edit it. */
export function usePlanColumns(onEdit: (plan: Plan) => void) {
  return useMemo(
    () => [
      column.accessor("name", {
        header: "Plan",
        cell: ({ row: { original: plan } }) => (
          <TitleCell
            title={plan.name}
            detail={`${plan.code}${plan.description ? ` · ${plan.description}` : ""}`}
            className="max-w-60"
            truncate
          />
        ),
      }),
      column.accessor("monthly_credits", {
        header: "Credits / month",
        align: "right",
        cell: ({ getValue }) => <span className="tabular-nums">{formatCredits(getValue())}</span>,
      }),
      column.accessor("rollover_policy", {
        header: "Unused credits",
        cell: ({ row }) => (
          <div className="whitespace-nowrap">
            <RolloverText plan={row.original} />
          </div>
        ),
      }),
      column.accessor("price_amount", {
        header: "Price",
        align: "right",
        cell: ({ row }) => <span className="tabular-nums whitespace-nowrap">{priceText(row.original)}</span>,
      }),
      column.accessor("billing", {
        header: "Billing",
        cell: ({ row: { original: plan } }) => (
          <div className="flex items-center gap-1 whitespace-nowrap">
            <Badge size="2xsmall" color={plan.billing === "stripe" ? "purple" : "blue"}>
              {plan.billing === "stripe" ? "Stripe" : "Invoice"}
            </Badge>
            {plan.billing === "stripe" && !plan.stripe_price_id ? (
              <Badge size="2xsmall" color="orange">
                No Stripe price
              </Badge>
            ) : null}
          </div>
        ),
      }),
      column.accessor("trial_days", {
        header: "Trial",
        cell: ({ row: { original: plan } }) =>
          plan.trial_days ? (
            <div className="flex flex-col whitespace-nowrap">
              <Text size="small">{plan.trial_days} days</Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {formatCredits(plan.trial_credits)} credits
              </Text>
            </div>
          ) : (
            "–"
          ),
      }),
      column.accessor("is_active", {
        header: "Status",
        cell: ({ getValue }) => <StatusBadge color={getValue() ? "green" : "grey"}>{getValue() ? "Active" : "Inactive"}</StatusBadge>,
      }),
      column.display({
        id: "edit",
        cell: ({ row }) => (
          <Button size="small" variant="transparent" onClick={() => onEdit(row.original)}>
            Edit
          </Button>
        ),
      }),
    ],
    [onEdit]
  )
}
