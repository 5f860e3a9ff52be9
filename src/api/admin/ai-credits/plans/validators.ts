import { z } from "@medusajs/framework/zod"
import { MAX_CREDITS_PER_OPERATION } from "../../../../modules/ai-credits/options"
import { PLAN_BILLING, ROLLOVER_POLICIES, SUBSCRIPTION_STATUSES } from "../../../../modules/ai-credits-billing/types"
import { FALLBACK_TYPES } from "../../../../modules/ai-credits/types"
import { aiModuleNameSchema as moduleName } from "../../../utils/input-schemas"
import { createListParams } from "../../../utils/list-params"

const credits = z.number().int("must be a whole number of credits").nonnegative().max(MAX_CREDITS_PER_OPERATION)

const fallback = z
  .object({
    type: z.enum(FALLBACK_TYPES),
    model: z.string().trim().min(1).max(200).optional(),
    provider: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/).optional(),
    message: z.string().max(500).optional(),
  })
  .strict()
  .refine((f) => f.type !== "cheaper_model" || Boolean(f.model), { message: "a cheaper_model fallback needs a model", path: ["model"] })

/** A plan's terms, as an admin sets them. */
const planFields = {
  code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "code must be lower case letters, digits, - or _"),
  name: z.string().trim().min(1).max(255),
  description: z.string().max(2000).nullable(),
  monthly_credits: credits,
  rollover_policy: z.enum(ROLLOVER_POLICIES),
  /** Most credits carried into a period. */
  rollover_cap: credits.nullable(),
  rollover_expiry_days: z.number().int().min(1).max(3650).nullable(),
  module_allowances: z.record(moduleName, credits).nullable(),
  rate_limit_tier: z.string().trim().min(1).max(64).nullable(),
  /** Percentages of the month's plan credits whose use alerts the subscriber's wallet, e.g. [50, 80, 95]. */
  alert_thresholds: z.array(z.number().int().min(1).max(100)).min(1).max(10).nullable(),
  billing: z.enum(PLAN_BILLING),
  stripe_price_id: z.string().trim().min(1).max(255).nullable(),
  /** The monthly price shown to customers, as a decimal string ("19.00"): exact, never a float. */
  price_amount: z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, "must be a decimal amount such as 19.00").nullable(),
  currency_code: z.string().regex(/^[a-z]{3}$/, "must be a lower case ISO currency code").nullable(),
  trial_days: z.number().int().min(1).max(365).nullable(),
  trial_credits: credits.nullable(),
  past_due_fallback: fallback.nullable(),
  is_active: z.boolean(),
  rank: z.number().int().min(-1_000_000).max(1_000_000),
}

function checkPlan(plan: Partial<Record<keyof typeof planFields, unknown>>, ctx: z.RefinementCtx) {
  if (plan.rollover_policy === "rollover_expiring" && !plan.rollover_expiry_days) {
    ctx.addIssue({ code: "custom", path: ["rollover_expiry_days"], message: "a rollover_expiring plan needs rollover_expiry_days" })
  }
  if (plan.billing === "stripe" && plan.stripe_price_id === null) {
    ctx.addIssue({ code: "custom", path: ["stripe_price_id"], message: "a plan billed by Stripe needs its Stripe price id" })
  }
  if (Boolean(plan.trial_days) !== Boolean(plan.trial_credits) && plan.trial_days !== undefined && plan.trial_credits !== undefined) {
    ctx.addIssue({ code: "custom", path: ["trial_credits"], message: "a trial needs both trial_days and trial_credits" })
  }
}

export const AdminCreatePlan = z
  .object({
    code: planFields.code,
    name: planFields.name,
    monthly_credits: planFields.monthly_credits,
    description: planFields.description.optional(),
    rollover_policy: planFields.rollover_policy.default("reset"),
    rollover_cap: planFields.rollover_cap.optional(),
    rollover_expiry_days: planFields.rollover_expiry_days.optional(),
    module_allowances: planFields.module_allowances.optional(),
    rate_limit_tier: planFields.rate_limit_tier.optional(),
    alert_thresholds: planFields.alert_thresholds.optional(),
    billing: planFields.billing.default("stripe"),
    stripe_price_id: planFields.stripe_price_id.default(null),
    price_amount: planFields.price_amount.optional(),
    currency_code: planFields.currency_code.optional(),
    trial_days: planFields.trial_days.optional(),
    trial_credits: planFields.trial_credits.optional(),
    past_due_fallback: planFields.past_due_fallback.optional(),
    is_active: planFields.is_active.optional(),
    rank: planFields.rank.optional(),
  })
  .strict()
  .superRefine(checkPlan)
export type AdminCreatePlanType = z.infer<typeof AdminCreatePlan>

/** Any of the terms but the code and the billing, which a plan keeps. */
export const AdminUpdatePlan = z.object(planFields).omit({ code: true, billing: true }).partial().strict().superRefine(checkPlan)
export type AdminUpdatePlanType = z.infer<typeof AdminUpdatePlan>

export const AdminListPlans = createListParams({ limit: 50, offset: 0 }).extend({
  is_active: z.enum(["true", "false"]).optional(),
})
export type AdminListPlansType = z.infer<typeof AdminListPlans>

export const AdminListSubscriptions = createListParams({ limit: 50, offset: 0 }).extend({
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  customer_id: z.string().max(255).optional(),
  plan_id: z.string().max(255).optional(),
})
export type AdminListSubscriptionsType = z.infer<typeof AdminListSubscriptions>

export const StoreStartSubscription = z
  .object({
    plan_id: z.string().trim().min(1).max(255),
    /** A Stripe PaymentMethod id (pm_...) collected with Stripe Elements. */
    payment_method_id: z.string().regex(/^pm_[A-Za-z0-9_]+$/, "must be a Stripe PaymentMethod id (pm_...)").optional(),
  })
  .strict()
export type StoreStartSubscriptionType = z.infer<typeof StoreStartSubscription>

/** Auto top-up terms (the owner's card is given only through the store route). */
const autoTopUpFields = {
  enabled: z.boolean(),
  /** Top up when available credit drops below this. */
  threshold: credits,
  /** The credit package bought (its price in `currency_code` is what is charged). */
  package_id: z.string().trim().min(1).max(255),
  /** Buy as many packs as bring available credit back to this, instead of one pack. */
  target_balance: credits.positive().nullable(),
  max_per_month: z.number().int().min(1).max(100),
  /** Most money charged by top-ups in a calendar month, a decimal string. */
  monthly_amount_limit: z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, "must be a decimal amount such as 100.00").nullable(),
  /** Also top up on this day of every month (store time zone). */
  day_of_month: z.number().int().min(1).max(28).nullable(),
  currency_code: z.string().regex(/^[a-z]{3}$/, "must be a lower case ISO currency code"),
}

function checkTarget(value: { threshold?: number; target_balance?: number | null }, ctx: z.RefinementCtx) {
  if (value.target_balance != null && value.threshold !== undefined && value.target_balance <= value.threshold) {
    ctx.addIssue({ code: "custom", path: ["target_balance"], message: "target_balance must be above threshold" })
  }
}

export const StoreSaveAutoTopUp = z
  .object({
    ...autoTopUpFields,
    enabled: autoTopUpFields.enabled.default(true),
    max_per_month: autoTopUpFields.max_per_month.default(3),
    target_balance: autoTopUpFields.target_balance.optional(),
    monthly_amount_limit: autoTopUpFields.monthly_amount_limit.optional(),
    day_of_month: autoTopUpFields.day_of_month.optional(),
    currency_code: autoTopUpFields.currency_code.default("usd"),
    /** The card the owner allows to be charged off-session: a Stripe PaymentMethod id. */
    payment_method_id: z.string().regex(/^pm_[A-Za-z0-9_]+$/, "must be a Stripe PaymentMethod id (pm_...)"),
  })
  .strict()
  .superRefine(checkTarget)
export type StoreSaveAutoTopUpType = z.infer<typeof StoreSaveAutoTopUp>

export const AdminUpdateAutoTopUp = z
  .object({
    enabled: autoTopUpFields.enabled.optional(),
    threshold: autoTopUpFields.threshold.optional(),
    package_id: autoTopUpFields.package_id.optional(),
    target_balance: autoTopUpFields.target_balance.optional(),
    max_per_month: autoTopUpFields.max_per_month.optional(),
    monthly_amount_limit: autoTopUpFields.monthly_amount_limit.optional(),
    day_of_month: autoTopUpFields.day_of_month.optional(),
  })
  .strict()
  .superRefine(checkTarget)
export type AdminUpdateAutoTopUpType = z.infer<typeof AdminUpdateAutoTopUp>

export const AdminCreateSubscription = z
  .object({
    customer_id: z.string().trim().min(1).max(255),
    /** A plan billed by `invoice` (an enterprise contract). */
    plan_id: z.string().trim().min(1).max(255),
    /** When the contract's first monthly period starts; now when left out. At most a month ago. */
    period_start: z
      .string()
      .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
      .refine((value) => Date.parse(value) > Date.now() - 28 * 86_400_000, "must be less than 28 days ago")
      .optional(),
  })
  .strict()
export type AdminCreateSubscriptionType = z.infer<typeof AdminCreateSubscription>
