import { Text } from "@medusajs/ui"
import { formatCredits } from "../../../../lib/format"
import type { PlanBilling, RolloverPolicy, SubscriptionStatus } from "../../../../../client/enums"
import type { Plan } from "../../../../lib/plans"

export const ROLLOVER_LABELS: Record<RolloverPolicy, string> = {
  reset: "Reset every period",
  rollover_capped: "Roll over, up to a cap",
  rollover_expiring: "Roll over, then expire",
}

export const BILLING_LABELS: Record<PlanBilling, string> = {
  stripe: "Stripe subscription",
  invoice: "Invoice (enterprise contract)",
}

export const STATUS_COLOR: Record<SubscriptionStatus, "green" | "blue" | "orange" | "red" | "grey"> = {
  incomplete: "grey",
  trialing: "blue",
  active: "green",
  past_due: "orange",
  canceled: "red",
}

/** What happens to unused credits, and its limits ("at most 1,000 · expire after 60 days"). */
export const RolloverText = ({ plan }: { plan: Plan }) => {
  if (plan.rollover_policy === "reset") {
    return <Text size="small">Reset every period</Text>
  }
  const limits = [
    plan.rollover_cap === null ? "no cap" : `at most ${formatCredits(plan.rollover_cap)}`,
    plan.rollover_policy === "rollover_expiring" ? `expire after ${plan.rollover_expiry_days ?? "?"} days` : null,
  ]
  return (
    <div className="flex flex-col">
      <Text size="small">Roll over</Text>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {limits.filter(Boolean).join(" · ")}
      </Text>
    </div>
  )
}

/** The price from the API's exact decimal text ("19" → "19.00 USD"), never through a float. */
export function priceText(plan: Plan) {
  if (plan.price_amount === null) {
    return "–"
  }
  const [whole, fraction = ""] = plan.price_amount.split(".")
  return `${whole}.${fraction.padEnd(2, "0")} ${(plan.currency_code ?? "").toUpperCase()}`.trim()
}

