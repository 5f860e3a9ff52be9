import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { SUBSCRIPTION_REFERENCE } from "../modules/ai-credits-billing"
import { subscriptionStatusOf } from "../modules/ai-credits-billing/stripe-status"
import type { SubscriptionStatus } from "../modules/ai-credits-billing/types"
import { grantCreditsStep } from "./steps/grant-credits"
import {
  attachTrialClaimsStep,
  createPlanStep,
  updatePlanStep,
  claimTrialStep,
  createStripeSubscriptionStep,
  createSubscriptionRecordStep,
  StartSubscriptionInput,
  validateInvoicedSubscriptionStep,
  validateSubscriptionCheckoutStep,
  addMonth,
  closePlanPeriodStep,
  grantPlanPeriodStep,
  applyPlanAlertsStep,
  loadSubscriptionStep,
  proratePlanChangeStep,
  revokeSubscriptionCreditsStep,
  updateSubscriptionStep,
} from "./steps/plan-subscriptions"

export type OpenPlanPeriodInput = {
  subscription_id: string
  period_start: string
  period_end: string
  /** What paid for it: a Stripe invoice id, or `renewal:<date>` for invoiced plans. */
  reference: string
  /** The status the subscription takes (`active` once paid), or leave it as it is. */
  status?: SubscriptionStatus
  /** The time of the Stripe event that opened it, kept to recognize older events. */
  event_at?: string | null
}

/**
 * Opens a new paid period of a subscription: closes the current one (unused plan credits reset or
 * roll over, per the plan), grants the new period's plan credits and module allowances, and
 * records the period. Each step is idempotent per period, so a retry never grants twice.
 */
export const openPlanPeriodWorkflow = createWorkflow("ai-credits-open-plan-period", (input: OpenPlanPeriodInput) => {
  const { subscription } = loadSubscriptionStep({ subscription_id: input.subscription_id })
  const closed = when("ai-credits-open-plan-period-has-previous", { subscription }, ({ subscription }) =>
    Boolean(subscription.current_period_start)
  ).then(() => closePlanPeriodStep({ subscription, new_period_start: input.period_start }))
  const granted = grantPlanPeriodStep({
    subscription,
    period_start: input.period_start,
    period_end: input.period_end,
    reference: input.reference,
  })
  applyPlanAlertsStep({ subscription })
  const update = transform({ input }, ({ input }) => ({
    id: input.subscription_id,
    current_period_start: new Date(input.period_start),
    current_period_end: new Date(input.period_end),
    ...(input.status ? { status: input.status } : {}),
    ...(input.event_at ? { last_event_at: new Date(input.event_at) } : {}),
  }))
  const updated = updateSubscriptionStep(update)
  const result = transform({ closed, granted, updated }, ({ closed, granted, updated }) => ({
    subscription: updated,
    unused: closed?.unused ?? 0,
    rolled_over: closed?.rolled_over ?? 0,
    granted: granted.granted,
  }))
  return new WorkflowResponse(result)
})

export type ChangeSubscriptionInput = {
  subscription_id: string
  /** The plan the subscription moved to (prorated within the current period), if it changed. */
  plan_id?: string | null
  status?: SubscriptionStatus
  cancel_at_period_end?: boolean
  changed_at: string
}

/**
 * Applies a change Stripe reports (`customer.subscription.updated`, `invoice.payment_failed`):
 * a new plan, prorated in credits for the rest of the period (stated in the ledger), a new status,
 * cancellation at period end.
 */
export const changeSubscriptionWorkflow = createWorkflow("ai-credits-change-subscription", (input: ChangeSubscriptionInput) => {
  const loaded = loadSubscriptionStep(
    transform({ input }, ({ input }) => ({ subscription_id: input.subscription_id, plan_id: input.plan_id ?? undefined }))
  )
  const prorated = when("ai-credits-change-subscription-plan-changed", { loaded }, ({ loaded }) =>
    Boolean(loaded.new_plan && loaded.new_plan.id !== loaded.subscription.plan_id)
  ).then(() =>
    proratePlanChangeStep(
      transform({ loaded, input }, ({ loaded, input }) => ({
        subscription: loaded.subscription,
        new_plan: loaded.new_plan!,
        changed_at: input.changed_at,
      }))
    )
  )
  const updated = updateSubscriptionStep(
    transform({ input }, ({ input }) => ({
      id: input.subscription_id,
      last_event_at: new Date(input.changed_at),
      ...(input.plan_id ? { plan_id: input.plan_id } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.cancel_at_period_end !== undefined ? { cancel_at_period_end: input.cancel_at_period_end } : {}),
    }))
  )
  return new WorkflowResponse(
    transform({ updated, prorated }, ({ updated, prorated }) => ({ subscription: updated, prorated: prorated ?? null }))
  )
})

export type EndSubscriptionInput = { subscription_id: string; ended_at: string; reason?: string }

/** Ends a subscription: what is left of its plan, rollover and trial credits is revoked, and it is canceled for good. */
export const endSubscriptionWorkflow = createWorkflow("ai-credits-end-subscription", (input: EndSubscriptionInput) => {
  const { subscription } = loadSubscriptionStep({ subscription_id: input.subscription_id })
  const revoked = revokeSubscriptionCreditsStep(
    transform({ subscription, input }, ({ subscription, input }) => ({
      subscription,
      reason: input.reason ?? "subscription ended",
    }))
  )
  const updated = updateSubscriptionStep(
    transform({ input }, ({ input }) => ({
      id: input.subscription_id,
      status: "canceled" as const,
      canceled_at: new Date(input.ended_at),
      last_event_at: new Date(input.ended_at),
    }))
  )
  return new WorkflowResponse(transform({ updated, revoked }, ({ updated, revoked }) => ({ subscription: updated, revoked: revoked.revoked })))
})

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

/** Creates a subscription plan (see `createPlanStep`). */
export const createPlanWorkflow = createWorkflow("ai-credits-create-plan", (input: Parameters<typeof createPlanStep>[0]) => {
  return new WorkflowResponse(createPlanStep(input))
})

/** Changes a plan's terms; subscribers get them from their next period on. */
export const updatePlanWorkflow = createWorkflow("ai-credits-update-plan", (input: Parameters<typeof updatePlanStep>[0]) => {
  return new WorkflowResponse(updatePlanStep(input))
})

export type StartInvoicedSubscriptionInput = { customer_id: string; plan_id: string; period_start: string }

/**
 * An admin puts a customer on a plan invoiced outside Stripe (an enterprise contract): the
 * subscription is recorded as active and its first monthly period opened. The
 * `ai-credits-renew-invoiced-subscriptions` job opens the next ones.
 */
export const startInvoicedSubscriptionWorkflow = createWorkflow(
  "ai-credits-start-invoiced-subscription",
  (input: StartInvoicedSubscriptionInput) => {
    const plan = validateInvoicedSubscriptionStep(input)
    const subscription = createSubscriptionRecordStep(
      transform({ input, plan }, ({ input, plan }) => ({
        customer_id: input.customer_id,
        plan_id: plan.id,
        status: "active" as const,
        billing: "invoice" as const,
        stripe_customer_id: null,
        stripe_subscription_id: null,
      }))
    )
    const opened = openPlanPeriodWorkflow.runAsStep({
      input: transform({ input, subscription }, ({ input, subscription }) => ({
        subscription_id: subscription.id,
        period_start: new Date(input.period_start).toISOString(),
        period_end: addMonth(new Date(input.period_start)).toISOString(),
        reference: `contract:${subscription.id}:${new Date(input.period_start).toISOString().slice(0, 10)}`,
      })),
    })
    return new WorkflowResponse(transform({ subscription, opened }, ({ subscription, opened }) => ({ id: subscription.id, granted: opened.granted })))
  }
)
