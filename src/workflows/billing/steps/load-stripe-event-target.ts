import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type Stripe from "stripe"
import { stripePriceIdOf, stripeSubscriptionIdOf, type SubscriptionDTO } from "../../../modules/ai-credits-billing"
import { billing } from "../subscription-credits"

export type StripeEventTarget = { handled: boolean; subscription: SubscriptionDTO | null; new_plan_id: string | null }

/**
 * Reads what a Stripe event is about: whether its id was handled before, our subscription of its
 * Stripe subscription (null when it is not one of ours) and, for a plan change, the plan of its
 * new price. Read-only. Run it under the subscription's lock.
 */
export const loadStripeEventTargetStep = createStep(
  "ai-credits-load-stripe-event-target",
  async ({ event }: { event: Stripe.Event }, { container }) => {
    const service = billing(container)
    if (await service.isStripeEventHandled(event.id)) {
      return new StepResponse<StripeEventTarget>({ handled: true, subscription: null, new_plan_id: null })
    }
    const stripeSubscriptionId = stripeSubscriptionIdOf(event)
    const [subscription] = stripeSubscriptionId
      ? await service.listAiCreditSubscriptions({ stripe_subscription_id: stripeSubscriptionId }, { take: 1 })
      : []
    const priceId = subscription ? stripePriceIdOf(event) : null
    const [plan] = priceId ? await service.listAiCreditPlans({ stripe_price_id: priceId }, { take: 1 }) : []
    return new StepResponse<StripeEventTarget>({ handled: false, subscription: subscription ?? null, new_plan_id: plan?.id ?? null })
  }
)
