import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SubscriptionDTO } from "../../../modules/ai-credits-billing"
import { billing } from "../subscription-credits"

export type UpdateSubscriptionInput = { id: string } & Partial<
  Pick<
    SubscriptionDTO,
    "status" | "plan_id" | "current_period_start" | "current_period_end" | "cancel_at_period_end" | "canceled_at" | "last_event_at" | "metadata"
  >
>

/** Changes a subscription's state; compensation puts the previous values back. */
export const updateSubscriptionStep = createStep(
  "ai-credits-update-subscription",
  async (input: UpdateSubscriptionInput, { container }) => {
    const service = billing(container)
    const previous = await service.retrieveAiCreditSubscription(input.id)
    const before: UpdateSubscriptionInput = { id: input.id }
    for (const key of Object.keys(input) as (keyof UpdateSubscriptionInput)[]) {
      Object.assign(before, { [key]: previous[key] })
    }
    const updated = await service.updateAiCreditSubscriptions(input)
    return new StepResponse(updated, { before, customer_id: previous.customer_id })
  },
  async (before, { container }) => {
    if (!before) {
      return
    }
    await billing(container).updateAiCreditSubscriptions(before.before)
  }
)
