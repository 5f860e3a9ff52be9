import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SubscriptionWithPlan } from "../../../modules/ai-credits-billing"
import { liveGrants, restoreRevoked, revokeGrants } from "../subscription-credits"

export type EndSubscriptionCreditsInput = { subscription: SubscriptionWithPlan; reason: string }

/** Takes back what is left of an ending subscription's plan and rollover credits. */
export const revokeSubscriptionCreditsStep = createStep(
  "ai-credits-revoke-subscription-credits",
  async ({ subscription, reason }: EndSubscriptionCreditsInput, { container }) => {
    const grants = await liveGrants(container, subscription.id, ["plan", "rollover", "trial"])
    const { taken, revoked } = await revokeGrants(container, grants, `sub:${subscription.id}:end`, reason)
    return new StepResponse({ revoked: taken }, revoked)
  },
  async (revoked, { container }) => {
    if (revoked) {
      await restoreRevoked(container, revoked)
    }
  }
)
