import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { SubscriptionStatus } from "../../../modules/ai-credits-billing"
import { applyPlanAlertsStep } from "../steps/apply-plan-alerts"
import { closePlanPeriodStep } from "../steps/close-plan-period"
import { grantPlanPeriodStep } from "../steps/grant-plan-period"
import { loadSubscriptionStep } from "../steps/load-subscription"
import { updateSubscriptionStep } from "../steps/update-subscription"

export type OpenPlanPeriodInput = {
  subscription_id: string
  period_start: string
  period_end: string
  /** What paid for it: a Stripe invoice id, or `renewal:<date>` for invoiced plans. */
  reference: string
  /** The status the subscription takes (`active` once paid), or leave it as it is. */
  status?: SubscriptionStatus
  /** The time of the Stripe event that opened it, kept to recognize older events. */
  event_at?: string | null
}

/**
 * Opens a new paid period of a subscription: closes the current one (unused plan credits reset or
 * roll over, per the plan), grants the new period's plan credits and module allowances, and
 * records the period. Each step is idempotent per period, so a retry never grants twice.
 */
export const openPlanPeriodWorkflow = createWorkflow("ai-credits-open-plan-period", (input: OpenPlanPeriodInput) => {
  const { subscription } = loadSubscriptionStep({ subscription_id: input.subscription_id })
  const closed = when("ai-credits-open-plan-period-has-previous", { subscription }, ({ subscription }) =>
    Boolean(subscription.current_period_start)
  ).then(() => closePlanPeriodStep({ subscription, new_period_start: input.period_start }))
  const granted = grantPlanPeriodStep({
    subscription,
    period_start: input.period_start,
    period_end: input.period_end,
    reference: input.reference,
  })
  applyPlanAlertsStep({ subscription })
  const update = transform({ input }, ({ input }) => ({
    id: input.subscription_id,
    current_period_start: new Date(input.period_start),
    current_period_end: new Date(input.period_end),
    ...(input.status ? { status: input.status } : {}),
    ...(input.event_at ? { last_event_at: new Date(input.event_at) } : {}),
  }))
  const updated = updateSubscriptionStep(update)
  const result = transform({ closed, granted, updated }, ({ closed, granted, updated }) => ({
    subscription: updated,
    unused: closed?.unused ?? 0,
    rolled_over: closed?.rolled_over ?? 0,
    granted: granted.granted,
  }))
  return new WorkflowResponse(result)
})
