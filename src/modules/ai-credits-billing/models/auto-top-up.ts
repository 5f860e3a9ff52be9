import { model } from "@medusajs/framework/utils"

/**
 * Auto top-up of one wallet: when its available credit drops below `threshold`, buy the credit
 * package `package_id` (or, with `target_balance`, as many packs as bring it back there), at most
 * `max_per_month` times a calendar month, charged off-session to the owner's saved Stripe card.
 * `day_of_month` adds a top-up on a fixed day. Only runs while the owner keeps it `enabled`.
 */
const AutoTopUp = model
  .define("ai_credit_auto_top_up", {
    id: model.id({ prefix: "aitop" }).primaryKey(),
    wallet_id: model.text(),
    customer_id: model.text(),
    enabled: model.boolean().default(true),
    threshold: model.number(),
    package_id: model.text(),
    target_balance: model.number().nullable(),
    max_per_month: model.number().default(3),
    /** Most money charged by top-ups in a calendar month (in `currency_code`); no limit when null. */
    monthly_amount_limit: model.bigNumber().nullable(),
    currency_code: model.text().default("usd"),
    /** The owner's saved card, charged off-session. */
    stripe_customer_id: model.text(),
    stripe_payment_method_id: model.text(),
    day_of_month: model.number().nullable(),
    /** After a declined card: no new attempt before this time. */
    paused_until: model.dateTime().nullable(),
    consecutive_failures: model.number().default(0),
    /** Stopped after a burst of top-ups (or by an admin) until it is saved again. */
    suspended_reason: model.text().nullable(),
    attempts: model.hasMany(() => AutoTopUpAttempt, { mappedBy: "auto_top_up" }),
  })
  .indexes([{ on: ["wallet_id"], unique: true, where: "deleted_at IS NULL" }])

/**
 * One top-up: `pending` while the charge is in flight (at most one per wallet, by a unique index),
 * then `succeeded` (credits granted) or `failed` (nothing granted, an alert raised). `amount` is
 * what was charged, `credits` what was granted: they are kept apart.
 */
export const AutoTopUpAttempt = model
  .define("ai_credit_auto_top_up_attempt", {
    id: model.id({ prefix: "aitpa" }).primaryKey(),
    auto_top_up: model.belongsTo(() => AutoTopUp, { mappedBy: "attempts" }),
    wallet_id: model.text(),
    trigger: model.enum(["threshold", "schedule"]),
    status: model.enum(["pending", "succeeded", "failed"]).default("pending"),
    packs: model.number(),
    credits: model.number(),
    amount: model.bigNumber(),
    currency_code: model.text(),
    stripe_payment_intent_id: model.text().nullable(),
    grant_id: model.text().nullable(),
    error: model.text().nullable(),
  })
  .indexes([
    { on: ["wallet_id"], unique: true, where: "status = 'pending' AND deleted_at IS NULL" },
    { on: ["wallet_id", "created_at"], where: "deleted_at IS NULL" },
  ])

export default AutoTopUp
