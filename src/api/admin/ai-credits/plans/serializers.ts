import type { PlanDTO, SubscriptionDTO } from "../../../../modules/ai-credits-billing"

type WithRaw = { raw_price_amount?: { value?: string } | null }

/** A plan as the APIs show it; the price is an exact decimal string. */
export function serializePlan(plan: Omit<PlanDTO, "raw_price_amount"> & WithRaw) {
  return {
    id: plan.id,
    code: plan.code,
    name: plan.name,
    description: plan.description,
    monthly_credits: plan.monthly_credits,
    rollover_policy: plan.rollover_policy,
    rollover_cap: plan.rollover_cap,
    rollover_expiry_days: plan.rollover_expiry_days,
    module_allowances: plan.module_allowances,
    rate_limit_tier: plan.rate_limit_tier,
    alert_thresholds: plan.alert_thresholds ?? null,
    billing: plan.billing,
    stripe_price_id: plan.stripe_price_id,
    price_amount: plan.raw_price_amount?.value ?? (plan.price_amount === null ? null : String(plan.price_amount)),
    currency_code: plan.currency_code,
    trial_days: plan.trial_days,
    trial_credits: plan.trial_credits,
    past_due_fallback: plan.past_due_fallback,
    is_active: plan.is_active,
    rank: plan.rank,
  }
}

/** A subscription as the APIs show it, with its plan when loaded. */
export function serializeSubscription(subscription: Omit<SubscriptionDTO, "plan"> & { plan?: PlanDTO | null }) {
  return {
    id: subscription.id,
    customer_id: subscription.customer_id,
    plan_id: subscription.plan_id,
    plan: subscription.plan ? serializePlan(subscription.plan) : undefined,
    status: subscription.status,
    billing: subscription.billing,
    stripe_customer_id: subscription.stripe_customer_id,
    stripe_subscription_id: subscription.stripe_subscription_id,
    current_period_start: subscription.current_period_start,
    current_period_end: subscription.current_period_end,
    cancel_at_period_end: subscription.cancel_at_period_end,
    canceled_at: subscription.canceled_at,
    trial_ends_at: (subscription.metadata?.trial_ends_at as string | undefined) ?? null,
  }
}
