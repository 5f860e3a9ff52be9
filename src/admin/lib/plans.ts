// One definition of each shape: the admin API's types in src/client/types.ts, its enums in src/client/enums.ts.
import type { SubscriptionStatus } from "../../client/enums"
import type { AdminPlan as Plan, AdminSubscription as Subscription } from "../../client/types"

export type { Plan, Subscription }

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

export type SubscriptionListQuery = { status?: SubscriptionStatus; customer_id?: string; limit: number; offset: number }
