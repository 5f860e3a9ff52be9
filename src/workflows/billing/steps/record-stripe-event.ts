import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { StripeEventOutcome } from "../../../modules/ai-credits-billing"
import { billing } from "../subscription-credits"

export type RecordStripeEventInput = {
  id: string
  type: string
  /** When Stripe created the event (Unix seconds). */
  created: number
  outcome: StripeEventOutcome
  subscription_id: string | null
}

/**
 * Records a handled Stripe event, so a redelivery is a `duplicate`. It is the workflow's last
 * change: nothing after it can fail, so it needs no compensation.
 */
export const recordStripeEventStep = createStep(
  "ai-credits-record-stripe-event",
  async (input: RecordStripeEventInput, { container }) => {
    return new StepResponse(await billing(container).recordStripeEvent(input))
  }
)
