import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SubscriptionCheckout } from "./validate-subscription-checkout"
import { billing } from "../subscription-credits"

/**
 * Claims the plan's trial for the customer when it has one and none of the customer, the
 * normalized email or the card (fingerprint from Stripe) had a trial before. Compensation gives
 * the claim back.
 */
export const claimTrialStep = createStep(
  "ai-credits-claim-trial",
  async (input: { checkout: SubscriptionCheckout; payment_method_id?: string | null }, { container }) => {
    const { plan, customer } = input.checkout
    if (!plan.trial_days || !plan.trial_credits) {
      return new StepResponse({ trial: false, used: [] as string[] }, null)
    }
    const service = billing(container)
    let fingerprint: string | null = null
    if (input.payment_method_id) {
      const method = await service.stripe.paymentMethods.retrieve(input.payment_method_id)
      fingerprint = method.card?.fingerprint ?? null
    }
    const claim = await service.claimTrial({ customer_id: customer.id, email: customer.email, card_fingerprint: fingerprint })
    return new StepResponse({ trial: claim.claimed, used: claim.used }, claim.claimed ? customer.id : null)
  },
  async (customerId, { container }) => {
    if (customerId) {
      const service = billing(container)
      const claims = await service.listAiCreditTrialClaims({ customer_id: customerId, subscription_id: null })
      await service.deleteAiCreditTrialClaims(claims.map((claim) => claim.id))
    }
  }
)
