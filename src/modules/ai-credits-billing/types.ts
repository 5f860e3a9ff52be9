import type { FallbackType } from "../../client/enums"

/** What happens to a period's unused plan credits when the next period opens. */
export const ROLLOVER_POLICIES = [
  /** They are revoked: each period starts from the plan's monthly credits. */
  "reset",
  /** They roll over (with earlier rolled-over credits) up to `rollover_cap`, without expiry. */
  "rollover_capped",
  /** They roll over, expiring `rollover_expiry_days` after the new period starts (capped when `rollover_cap` is set). */
  "rollover_expiring",
] as const
export type RolloverPolicy = (typeof ROLLOVER_POLICIES)[number]

/** `stripe`: Stripe Subscriptions bill it; `invoice`: an enterprise contract, renewed by a job. */
export const PLAN_BILLING = ["stripe", "invoice"] as const
export type PlanBilling = (typeof PLAN_BILLING)[number]

/**
 * `incomplete`: created, first payment not confirmed yet. `trialing`, `active`, `past_due` (a
 * payment failed: the plan's fallback applies), `canceled` (ended; final).
 */
export const SUBSCRIPTION_STATUSES = ["incomplete", "trialing", "active", "past_due", "canceled"] as const
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number]

/** What a past-due subscriber's AI requests get instead of the plan credits (an AI module fallback). */
export type PlanFallback = {
  type: FallbackType
  model?: string
  provider?: string
  message?: string
}

export type PlanRecord = {
  id: string
  code: string
  name: string
  description: string | null
  monthly_credits: number
  rollover_policy: RolloverPolicy
  rollover_cap: number | null
  rollover_expiry_days: number | null
  module_allowances: Record<string, number> | null
  rate_limit_tier: string | null
  alert_thresholds: number[] | null
  billing: PlanBilling
  stripe_price_id: string | null
  price_amount: string | number | null
  currency_code: string | null
  trial_days: number | null
  trial_credits: number | null
  past_due_fallback: PlanFallback | null
  is_active: boolean
  rank: number
}

export type SubscriptionRecord = {
  id: string
  customer_id: string
  plan_id: string
  status: SubscriptionStatus
  billing: PlanBilling
  stripe_customer_id: string | null
  stripe_subscription_id: string | null
  current_period_start: Date | null
  current_period_end: Date | null
  cancel_at_period_end: boolean
  canceled_at: Date | null
  last_event_at: Date | null
  metadata: Record<string, unknown> | null
}

/** The reference every grant of a subscription carries, so its periods can be found and closed. */
export const SUBSCRIPTION_REFERENCE = "ai_credit_subscription"

/**
 * A customer's live subscription, as metering needs it: the plan (quota rules scoped to a plan
 * match its subscribers) and whether it is past due (then their own wallet does not pay, the payer
 * chain moves on, and the plan's fallback, when it has one, replaces the AI module's).
 */
export type SubscriptionStanding = { subscription_id: string; plan_id: string; past_due: boolean; fallback: PlanFallback | null }
