import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SubscriptionDTO } from "../../../modules/ai-credits-billing"
import { billing } from "../subscription-credits"

/** Records the new subscription; compensation deletes the record. */
export const createSubscriptionRecordStep = createStep(
  "ai-credits-create-subscription-record",
  async (
    input: Pick<SubscriptionDTO, "customer_id" | "plan_id" | "status" | "billing" | "stripe_customer_id" | "stripe_subscription_id"> &
      Partial<Pick<SubscriptionDTO, "current_period_start" | "current_period_end" | "metadata">>,
    { container }
  ) => {
    const created = await billing(container).createAiCreditSubscriptions(input)
    return new StepResponse(created, created.id)
  },
  async (id, { container }) => {
    if (id) {
      await billing(container).deleteAiCreditSubscriptions(id)
    }
  }
)
