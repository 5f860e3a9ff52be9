import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { SubscriptionStatus } from "../../../modules/ai-credits-billing"
import { loadSubscriptionStep } from "../steps/load-subscription"
import { proratePlanChangeStep } from "../steps/prorate-plan-change"
import { updateSubscriptionStep } from "../steps/update-subscription"

export type ChangeSubscriptionInput = {
  subscription_id: string
  /** The plan the subscription moved to (prorated within the current period), if it changed. */
  plan_id?: string | null
  status?: SubscriptionStatus
  cancel_at_period_end?: boolean
  changed_at: string
}

/**
 * Applies a change Stripe reports (`customer.subscription.updated`, `invoice.payment_failed`):
 * a new plan, prorated in credits for the rest of the period (stated in the ledger), a new status,
 * cancellation at period end.
 */
export const changeSubscriptionWorkflow = createWorkflow("ai-credits-change-subscription", (input: ChangeSubscriptionInput) => {
  const loaded = loadSubscriptionStep(
    transform({ input }, ({ input }) => ({ subscription_id: input.subscription_id, plan_id: input.plan_id ?? undefined }))
  )
  const prorated = when("ai-credits-change-subscription-plan-changed", { loaded }, ({ loaded }) =>
    Boolean(loaded.new_plan && loaded.new_plan.id !== loaded.subscription.plan_id)
  ).then(() =>
    proratePlanChangeStep(
      transform({ loaded, input }, ({ loaded, input }) => ({
        subscription: loaded.subscription,
        new_plan: loaded.new_plan!,
        changed_at: input.changed_at,
      }))
    )
  )
  const updated = updateSubscriptionStep(
    transform({ input }, ({ input }) => ({
      id: input.subscription_id,
      last_event_at: new Date(input.changed_at),
      ...(input.plan_id ? { plan_id: input.plan_id } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.cancel_at_period_end !== undefined ? { cancel_at_period_end: input.cancel_at_period_end } : {}),
    }))
  )
  return new WorkflowResponse(
    transform({ updated, prorated }, ({ updated, prorated }) => ({ subscription: updated, prorated: prorated ?? null }))
  )
})
