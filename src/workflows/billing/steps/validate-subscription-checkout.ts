import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { liveSubscriptionPhrase, type PlanDTO } from "../../../modules/ai-credits-billing"
import { billing } from "../subscription-credits"

export type StartSubscriptionInput = {
  customer_id: string
  plan_id: string
  /** A Stripe PaymentMethod the storefront collected (Stripe Elements); charged for every renewal. */
  payment_method_id?: string | null
}

export type SubscriptionCheckout = {
  plan: PlanDTO
  customer: { id: string; email: string; name: string | null }
  /** The Stripe customer of an earlier subscription, reused. */
  stripe_customer_id: string | null
}

/** Checks the plan is on sale through Stripe and the customer has no live subscription (409). */
export const validateSubscriptionCheckoutStep = createStep(
  "ai-credits-validate-subscription-checkout",
  async (input: StartSubscriptionInput, { container }) => {
    const service = billing(container)
    const [plan] = await service.listAiCreditPlans({ id: input.plan_id, is_active: true }, { take: 1 })
    if (!plan) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Plan ${input.plan_id} not found`)
    }
    if (plan.billing !== "stripe") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The plan "${plan.name}" is sold by contract, not online`)
    }
    if (!plan.stripe_price_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `The plan "${plan.name}" has no Stripe price yet`)
    }
    const existing = await service.listAiCreditSubscriptions(
      { customer_id: input.customer_id },
      { take: 100, order: { created_at: "DESC" } }
    )
    const live = existing.find((s) => s.status !== "canceled")
    if (live) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `You already have ${liveSubscriptionPhrase(live.status)}; change it instead`)
    }
    const customer = await container.resolve(Modules.CUSTOMER).retrieveCustomer(input.customer_id)
    const name = [customer.first_name, customer.last_name].filter(Boolean).join(" ") || null
    const checkout: SubscriptionCheckout = {
      plan,
      customer: { id: customer.id, email: customer.email, name },
      stripe_customer_id: existing.find((s) => s.stripe_customer_id)?.stripe_customer_id ?? null,
    }
    return new StepResponse(checkout)
  }
)
