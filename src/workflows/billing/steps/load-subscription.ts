import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { billing } from "../subscription-credits"

/** Reads a subscription with its plan (and, for a plan change, the new plan). */
export const loadSubscriptionStep = createStep(
  "ai-credits-load-subscription",
  async (input: { subscription_id: string; plan_id?: string }, { container }) => {
    const service = billing(container)
    const subscription = await service.retrieveSubscriptionWithPlan(input.subscription_id)
    const newPlan = input.plan_id ? await service.retrieveAiCreditPlan(input.plan_id) : null
    return new StepResponse({ subscription, new_plan: newPlan })
  }
)
