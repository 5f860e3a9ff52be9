/** Mirrors the billing module's `ROLLOVER_POLICIES`, `PLAN_BILLING` and `SUBSCRIPTION_STATUSES`. */
export const ROLLOVER_POLICIES = ["reset", "rollover_capped", "rollover_expiring"] as const
export const PLAN_BILLING = ["stripe", "invoice"] as const
export const SUBSCRIPTION_STATUSES = ["incomplete", "trialing", "active", "past_due", "canceled"] as const

export type RolloverPolicy = (typeof ROLLOVER_POLICIES)[number]
export type PlanBilling = (typeof PLAN_BILLING)[number]
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number]

/** A plan as `GET /admin/ai-credits/plans` returns it; `price_amount` is an exact decimal string. */
export type Plan = {
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
  billing: PlanBilling
  stripe_price_id: string | null
  price_amount: string | null
  currency_code: string | null
  trial_days: number | null
  trial_credits: number | null
  past_due_fallback: { type: string; model?: string; provider?: string; message?: string } | null
  is_active: boolean
  rank: number
}

/** The plan terms the admin form edits (the API's `AdminCreatePlan`/`AdminUpdatePlan`). */
export type PlanInput = Pick<
  Plan,
  | "name"
  | "description"
  | "monthly_credits"
  | "rollover_policy"
  | "rollover_cap"
  | "rollover_expiry_days"
  | "rate_limit_tier"
  | "stripe_price_id"
  | "price_amount"
  | "currency_code"
  | "trial_days"
  | "trial_credits"
  | "is_active"
  | "rank"
>
export type CreatePlanInput = PlanInput & Pick<Plan, "code" | "billing">

export type Subscription = {
  id: string
  customer_id: string
  plan_id: string
  plan?: Plan
  status: SubscriptionStatus
  billing: PlanBilling
  stripe_subscription_id: string | null
  current_period_start: string | null
  current_period_end: string | null
  cancel_at_period_end: boolean
  canceled_at: string | null
  trial_ends_at: string | null
}

export type SubscriptionListQuery = { status?: SubscriptionStatus; customer_id?: string; limit: number; offset: number }
