import { model } from "@medusajs/framework/utils"
import { PLAN_BILLING, ROLLOVER_POLICIES } from "../types"
import Subscription from "./subscription"

/**
 * A subscription plan: credits every month (plus per-module allowances), what happens to unused
 * credits at renewal, the rate-limit tier its subscribers are in, and how it is billed.
 */
const Plan = model
  .define("ai_credit_plan", {
    id: model.id({ prefix: "aipln" }).primaryKey(),
    code: model.text().searchable(),
    name: model.text().searchable(),
    description: model.text().nullable(),
    monthly_credits: model.number(),
    rollover_policy: model.enum([...ROLLOVER_POLICIES]).default("reset"),
    rollover_cap: model.number().nullable(),
    rollover_expiry_days: model.number().nullable(),
    /** Extra credits each period that only one AI module may spend, e.g. `{ "seo": 500 }`. */
    module_allowances: model.json().nullable(),
    rate_limit_tier: model.text().nullable(),
    /**
     * Alert subscribers' wallets when this share (%) of the month's plan credits is used, e.g.
     * `[50, 80, 95]`: each period sets the wallet's notify-only monthly budget to the plan's credits.
     */
    alert_thresholds: model.json().nullable(),
    billing: model.enum([...PLAN_BILLING]).default("stripe"),
    stripe_price_id: model.text().nullable(),
    /** The monthly price shown to customers (Stripe's price is what is charged). */
    price_amount: model.bigNumber().nullable(),
    currency_code: model.text().nullable(),
    trial_days: model.number().nullable(),
    /** The trial's credits (its quota): granted once, expiring with the trial. */
    trial_credits: model.number().nullable(),
    /** What past-due subscribers' AI requests get instead (an AI module fallback); the module's own when null. */
    past_due_fallback: model.json().nullable(),
    is_active: model.boolean().default(true),
    rank: model.number().default(0),
    subscriptions: model.hasMany(() => Subscription, { mappedBy: "plan" }),
  })
  .indexes([{ on: ["code"], unique: true, where: "deleted_at IS NULL" }])

export default Plan
