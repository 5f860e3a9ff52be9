import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { AutoTopUpFields } from "./upsert-auto-top-up"
import { billing } from "../subscription-credits"

export type SaveOwnAutoTopUpInput = AutoTopUpFields & {
  customer_id: string
  /** The card the owner allows to be charged off-session (a Stripe PaymentMethod id). */
  payment_method_id: string
}

/**
 * Saves the owner's card for off-session top-ups: reuses the customer's Stripe customer (from a
 * subscription or an earlier setting) and attaches the card, or creates a Stripe customer with it.
 */
export const saveTopUpCardStep = createStep(
  "ai-credits-save-top-up-card",
  async (input: { customer_id: string; payment_method_id: string }, { container }) => {
    const service = billing(container)
    const [setting] = await service.listAiCreditAutoTopUps({ customer_id: input.customer_id }, { take: 1 })
    const [subscription] = setting
      ? []
      : await service.listAiCreditSubscriptions({ customer_id: input.customer_id, stripe_customer_id: { $ne: null } }, { take: 1 })
    const known = setting?.stripe_customer_id ?? subscription?.stripe_customer_id ?? null
    if (known) {
      if (setting?.stripe_payment_method_id !== input.payment_method_id) {
        await service.stripe.paymentMethods.attach(input.payment_method_id, { customer: known })
      }
      return new StepResponse({ stripe_customer_id: known })
    }
    const customer = await container.resolve(Modules.CUSTOMER).retrieveCustomer(input.customer_id)
    const created = await service.stripe.customers.create({
      email: customer.email,
      payment_method: input.payment_method_id,
      invoice_settings: { default_payment_method: input.payment_method_id },
      metadata: { medusa_customer_id: input.customer_id },
    })
    return new StepResponse({ stripe_customer_id: created.id })
  }
)
