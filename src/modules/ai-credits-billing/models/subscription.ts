import { model } from "@medusajs/framework/utils"
import { PLAN_BILLING, SUBSCRIPTION_STATUSES } from "../types"
import Plan from "./plan"

/**
 * A customer's subscription to a plan. For Stripe plans, webhooks keep it in step with Stripe:
 * `last_event_at` is the creation time of the newest Stripe event applied, so older events that
 * arrive late change nothing.
 */
const Subscription = model
  .define("ai_credit_subscription", {
    id: model.id({ prefix: "aisub" }).primaryKey(),
    customer_id: model.text(),
    plan: model.belongsTo(() => Plan, { mappedBy: "subscriptions" }),
    status: model.enum([...SUBSCRIPTION_STATUSES]).default("incomplete"),
    billing: model.enum([...PLAN_BILLING]).default("stripe"),
    stripe_customer_id: model.text().nullable(),
    stripe_subscription_id: model.text().nullable(),
    current_period_start: model.dateTime().nullable(),
    current_period_end: model.dateTime().nullable(),
    cancel_at_period_end: model.boolean().default(false),
    canceled_at: model.dateTime().nullable(),
    last_event_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    // One live subscription per customer.
    { on: ["customer_id"], unique: true, where: "status != 'canceled' AND deleted_at IS NULL" },
    { on: ["stripe_subscription_id"], unique: true, where: "stripe_subscription_id IS NOT NULL AND deleted_at IS NULL" },
    { on: ["billing", "status", "current_period_end"], where: "deleted_at IS NULL" },
  ])

export default Subscription
