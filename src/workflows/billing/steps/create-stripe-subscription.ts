import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SubscriptionCheckout } from "./validate-subscription-checkout"
import { billing } from "../subscription-credits"

/**
 * Creates (or reuses) the Stripe customer and creates the Stripe subscription to the plan's
 * price, with the trial when one was claimed. Compensation cancels the Stripe subscription.
 */
export const createStripeSubscriptionStep = createStep(
  "ai-credits-create-stripe-subscription",
  async (
    input: { checkout: SubscriptionCheckout; payment_method_id?: string | null; trial: boolean; idempotency_key: string },
    { container }
  ) => {
    const { stripe } = billing(container)
    const { plan, customer } = input.checkout
    const stripeCustomerId =
      input.checkout.stripe_customer_id ??
      (
        await stripe.customers.create(
          {
            email: customer.email,
            name: customer.name ?? undefined,
            metadata: { medusa_customer_id: customer.id },
            ...(input.payment_method_id
              ? { payment_method: input.payment_method_id, invoice_settings: { default_payment_method: input.payment_method_id } }
              : {}),
          },
          { idempotencyKey: `${input.idempotency_key}:customer` }
        )
      ).id
    const subscription = await stripe.subscriptions.create(
      {
        customer: stripeCustomerId,
        items: [{ price: plan.stripe_price_id! }],
        ...(input.payment_method_id ? { default_payment_method: input.payment_method_id } : {}),
        ...(input.trial
          ? { trial_period_days: plan.trial_days!, trial_settings: { end_behavior: { missing_payment_method: "cancel" as const } } }
          : {}),
        metadata: { medusa_customer_id: customer.id, ai_credit_plan_id: plan.id },
        // For a first payment that needs the customer (3-D Secure): the storefront confirms it with this.
        expand: ["latest_invoice.confirmation_secret"],
      },
      { idempotencyKey: `${input.idempotency_key}:subscription` }
    )
    const invoice = subscription.latest_invoice && typeof subscription.latest_invoice === "object" ? subscription.latest_invoice : null
    return new StepResponse(
      {
        stripe_customer_id: stripeCustomerId,
        stripe_subscription_id: subscription.id,
        status: subscription.status,
        trial_end: subscription.trial_end,
        client_secret: subscription.status === "incomplete" ? invoice?.confirmation_secret?.client_secret ?? null : null,
      },
      subscription.id
    )
  },
  async (stripeSubscriptionId, { container }) => {
    if (stripeSubscriptionId) {
      await billing(container).stripe.subscriptions.cancel(stripeSubscriptionId)
    }
  }
)
