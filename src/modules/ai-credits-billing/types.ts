import type { FallbackType } from "../../client/enums"
import type { InferTypeOf } from "@medusajs/framework/types"
// Type-only: the models import the enums below at runtime, so this must not become a runtime import.
import type { AutoTopUp, AutoTopUpAttempt, Plan, StripeEvent, Subscription, TrialClaim } from "./models"

export {
  AUTO_TOP_UP_TRIGGERS,
  PLAN_BILLING,
  ROLLOVER_POLICIES,
  SUBSCRIPTION_STATUSES,
  type AutoTopUpTrigger,
  type PlanBilling,
  type RolloverPolicy,
  type SubscriptionStatus,
} from "../../client/enums"

/** What a past-due subscriber's AI requests get instead of the plan credits (an AI module fallback). */
export type PlanFallback = {
  type: FallbackType
  model?: string
  provider?: string
  message?: string
}

/** The JSON columns of a plan, with the shapes the validators let in. */
type PlanJson = {
  module_allowances: Record<string, number> | null
  alert_thresholds: number[] | null
  past_due_fallback: PlanFallback | null
}

/** A plan as the billing service returns it. */
export type PlanDTO = Omit<InferTypeOf<typeof Plan>, keyof PlanJson | "subscriptions"> & PlanJson

/** A plan's terms as they are written: the price may be an exact decimal string (a big-number column). */
export type PlanInput = Omit<PlanDTO, "price_amount" | "raw_price_amount" | "created_at" | "updated_at" | "deleted_at"> & {
  price_amount: string | number | null
}

/**
 * A subscription as the billing service returns it. Like every relation of a DTO, `plan` is
 * only there when it was asked for (`relations: ["plan"]`).
 */
export type SubscriptionDTO = Omit<InferTypeOf<typeof Subscription>, "plan" | "metadata"> & {
  metadata: Record<string, unknown> | null
  plan: PlanDTO
}

/** A subscription read with its plan (`retrieveSubscriptionWithPlan`). */
export type SubscriptionWithPlan = SubscriptionDTO

export type StripeEventDTO = InferTypeOf<typeof StripeEvent>
export type TrialClaimDTO = InferTypeOf<typeof TrialClaim>
export type AutoTopUpDTO = Omit<InferTypeOf<typeof AutoTopUp>, "attempts">
export type AutoTopUpAttemptDTO = Omit<InferTypeOf<typeof AutoTopUpAttempt>, "auto_top_up">

/** @deprecated Kept while other code moves to `PlanDTO`. */
export type PlanRecord = PlanDTO
/** @deprecated Kept while other code moves to `SubscriptionDTO`. */
export type SubscriptionRecord = SubscriptionDTO

/** The reference every grant of a subscription carries, so its periods can be found and closed. */
export const SUBSCRIPTION_REFERENCE = "ai_credit_subscription"

/**
 * A customer's live subscription, as metering needs it: the plan (quota rules scoped to a plan
 * match its subscribers) and whether it is past due (then their own wallet does not pay, the payer
 * chain moves on, and the plan's fallback, when it has one, replaces the AI module's).
 */
export type SubscriptionStanding = { subscription_id: string; plan_id: string; past_due: boolean; fallback: PlanFallback | null }
