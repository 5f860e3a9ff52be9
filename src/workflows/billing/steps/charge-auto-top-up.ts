import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import Stripe from "stripe"
import { toMinorUnits } from "../../../modules/ai-credits-billing"
import type { ReadyAutoTopUp } from "./reserve-auto-top-up"
import { billing } from "../subscription-credits"

export type AutoTopUpCharge = { succeeded: true; payment_intent_id: string } | { succeeded: false; error: string; declined: boolean }

/**
 * Charges the top-up off-session to the owner's saved card (idempotent on the attempt id). A
 * declined card, or any other Stripe failure, is an answer, not an exception: the next step
 * records it, alerts and grants nothing.
 */
export const chargeAutoTopUpStep = createStep(
  "ai-credits-charge-auto-top-up",
  async (decision: ReadyAutoTopUp, { container }) => {
    const { stripe } = billing(container)
    try {
      const intent = await stripe.paymentIntents.create(
        {
          amount: toMinorUnits(decision.amount, decision.currency_code),
          currency: decision.currency_code,
          customer: decision.stripe_customer_id,
          payment_method: decision.stripe_payment_method_id,
          off_session: true,
          confirm: true,
          description: `Auto top-up: ${decision.packs} × ${decision.package_title}`,
          metadata: { ai_credit_auto_top_up_attempt_id: decision.attempt_id, wallet_id: decision.wallet_id },
        },
        { idempotencyKey: `auto-top-up:${decision.attempt_id}` }
      )
      if (intent.status !== "succeeded") {
        return new StepResponse<AutoTopUpCharge>({ succeeded: false, error: `payment ${intent.status}`, declined: true })
      }
      return new StepResponse<AutoTopUpCharge>({ succeeded: true, payment_intent_id: intent.id })
    } catch (error) {
      const declined = error instanceof Stripe.errors.StripeCardError
      return new StepResponse<AutoTopUpCharge>({ succeeded: false, error: (error as Error).message, declined })
    }
  }
)
