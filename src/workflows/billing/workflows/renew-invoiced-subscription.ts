import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { planInvoicedRenewalStep } from "../steps/plan-invoiced-renewal"
import { endSubscriptionWorkflow } from "./end-subscription"
import { openPlanPeriodWorkflow } from "./open-plan-period"

export type RenewInvoicedSubscriptionInput = { subscription_id: string; /** ISO time the renewal is for. */ now: string }

/**
 * Renews one subscription invoiced outside Stripe whose period has ended: the next monthly period
 * opens (rollover or reset as the plan says; months that passed entirely are not granted late),
 * or, set to cancel at the period's end, it ends. Run it through `renewInvoicedSubscription`, which
 * renews a subscription once at a time (a lock: several servers run the job); each period's grants
 * are idempotent. Returns null when it was not due (any more).
 */
export const renewInvoicedSubscriptionWorkflow = createWorkflow(
  "ai-credits-renew-invoiced-subscription",
  (input: RenewInvoicedSubscriptionInput) => {
    const renewal = planInvoicedRenewalStep(input)
    when("ai-credits-renewal-ends-subscription", { renewal }, ({ renewal }) => renewal.action === "end").then(() => {
      endSubscriptionWorkflow.runAsStep({
        input: transform({ renewal }, ({ renewal }) => {
          const { subscription_id, ended_at } = renewal as Extract<typeof renewal, { action: "end" }>
          return { subscription_id, ended_at, reason: "contract ended" }
        }),
      })
    })
    when("ai-credits-renewal-opens-period", { renewal }, ({ renewal }) => renewal.action === "open").then(() => {
      openPlanPeriodWorkflow.runAsStep({
        input: transform({ renewal }, ({ renewal }) => {
          const { subscription_id, period_start, period_end, reference } = renewal as Extract<typeof renewal, { action: "open" }>
          return { subscription_id, period_start, period_end, reference }
        }),
      })
    })
    return new WorkflowResponse(
      transform({ renewal }, ({ renewal }) =>
        renewal.action === "none"
          ? null
          : {
              subscription_id: renewal.subscription_id,
              skipped_periods: renewal.action === "open" ? renewal.skipped_periods : 0,
              ended: renewal.action === "end",
            }
      )
    )
  }
)
