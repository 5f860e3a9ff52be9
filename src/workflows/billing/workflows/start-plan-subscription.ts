import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { SUBSCRIPTION_REFERENCE } from "../../../modules/ai-credits-billing"
import { subscriptionStatusOf } from "../../../modules/ai-credits-billing/stripe-status"
import { grantCreditsStep } from "../../wallets"
import { attachTrialClaimsStep } from "../steps/attach-trial-claims"
import { claimTrialStep } from "../steps/claim-trial"
import { createStripeSubscriptionStep } from "../steps/create-stripe-subscription"
import { createSubscriptionRecordStep } from "../steps/create-subscription-record"
import { type StartSubscriptionInput, validateSubscriptionCheckoutStep } from "../steps/validate-subscription-checkout"

export type StartPlanSubscriptionInput = StartSubscriptionInput & {
  /** Makes the Stripe calls of this one attempt safe to retry. */
  idempotency_key: string
}

/**
 * A customer buys a plan: checks the plan and that they have no live subscription, claims the
 * trial when they may have one (one per customer, email and card), creates the Stripe customer
 * (or reuses theirs) and subscription, records it and grants the trial credits. The paid
 * periods' credits come with Stripe's `invoice.paid`. A failure cancels the Stripe subscription.
 */
export const startPlanSubscriptionWorkflow = createWorkflow(
  "ai-credits-start-plan-subscription",
  (input: StartPlanSubscriptionInput) => {
    const checkout = validateSubscriptionCheckoutStep(input)
    const claim = claimTrialStep({ checkout, payment_method_id: input.payment_method_id })
    const stripe = createStripeSubscriptionStep(
      transform({ input, checkout, claim }, ({ input, checkout, claim }) => ({
        checkout,
        payment_method_id: input.payment_method_id,
        trial: claim.trial,
        idempotency_key: input.idempotency_key,
      }))
    )
    const subscription = createSubscriptionRecordStep(
      transform({ input, checkout, stripe }, ({ input, checkout, stripe }) => ({
        customer_id: input.customer_id,
        plan_id: checkout.plan.id,
        status: subscriptionStatusOf(stripe.status),
        billing: "stripe" as const,
        stripe_customer_id: stripe.stripe_customer_id,
        stripe_subscription_id: stripe.stripe_subscription_id,
        metadata: stripe.trial_end ? { trial_ends_at: new Date(stripe.trial_end * 1000).toISOString() } : null,
      }))
    )
    const trial = when("ai-credits-start-plan-subscription-trial", { claim, stripe }, ({ claim, stripe }) =>
      Boolean(claim.trial && stripe.trial_end)
    ).then(() => {
      attachTrialClaimsStep(
        transform({ subscription }, ({ subscription }) => ({ customer_id: subscription.customer_id, subscription_id: subscription.id }))
      )
      return grantCreditsStep(
        transform({ subscription, checkout, stripe }, ({ subscription, checkout, stripe }) => ({
          owner_type: "customer" as const,
          owner_id: subscription.customer_id,
          amount: checkout.plan.trial_credits!,
          source: "trial" as const,
          cost_basis: "promotional" as const,
          priority: 10,
          expires_at: new Date(stripe.trial_end! * 1000),
          reason: `${checkout.plan.name} trial: ${checkout.plan.trial_days} days, up to ${checkout.plan.trial_credits} credits`,
          actor: { type: "customer" as const, id: subscription.customer_id },
          idempotency_key: `sub:${subscription.id}:trial`,
          reference_type: SUBSCRIPTION_REFERENCE,
          reference_id: subscription.id,
        }))
      )
    })
    return new WorkflowResponse(
      transform({ subscription, claim, trial, stripe }, ({ subscription, claim, trial, stripe }) => ({
        subscription,
        /** Set when the first payment needs the customer: confirm it with Stripe.js. */
        payment_client_secret: stripe.client_secret,
        trial: claim.trial ? { credits: trial?.grant.amount ?? 0 } : null,
        trial_refused: claim.trial ? null : claim.used.length ? { already_used_by: claim.used } : null,
      }))
    )
  }
)
