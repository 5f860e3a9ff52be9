import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { billing } from "../subscription-credits"

/** Ties the trial claims to the subscription (so each can be traced). */
export const attachTrialClaimsStep = createStep(
  "ai-credits-attach-trial-claims",
  async (input: { customer_id: string; subscription_id: string }, { container }) => {
    const service = billing(container)
    const claims = await service.listAiCreditTrialClaims({ customer_id: input.customer_id, subscription_id: null })
    if (claims.length) {
      await service.updateAiCreditTrialClaims(claims.map((claim) => ({ id: claim.id, subscription_id: input.subscription_id })))
    }
    return new StepResponse(claims.length)
  }
)
