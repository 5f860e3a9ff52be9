import { model } from "@medusajs/framework/utils"

/**
 * One metered AI request: what ran (module, provider, model), what it used, what it was charged
 * and at which price version, who asked (customer, visitor or admin user, on which sales channel,
 * for which cart) and which wallet paid.
 */
const UsageEvent = model
  .define("ai_credit_usage_event", {
    id: model.id({ prefix: "aiuse" }).primaryKey(),
    wallet_id: model.text(),
    reservation_id: model.text(),
    module: model.text(),
    action: model.text().nullable(),
    provider: model.text().nullable(),
    model: model.text().nullable(),
    price_id: model.text().nullable(),
    input_tokens: model.number().default(0),
    output_tokens: model.number().default(0),
    images: model.number().default(0),
    requests: model.number().default(1),
    output_type: model.text().nullable(),
    /** Credits charged, and what the request would have cost had the wallet been able to pay it all. */
    credits: model.number(),
    requested_credits: model.number(),
    provider_cost: model.bigNumber().default(0),
    currency_code: model.text().default("usd"),
    sales_channel_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    visitor_id: model.text().nullable(),
    user_id: model.text().nullable(),
    cart_id: model.text().nullable(),
    conversation_id: model.text().nullable(),
    latency_ms: model.number().nullable(),
    status: model.enum(["charged", "refunded"]).default("charged"),
    refunded_credits: model.number().default(0),
    refunded_at: model.dateTime().nullable(),
    refund_reason: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["reservation_id"], unique: true },
    { on: ["customer_id", "created_at"], where: "customer_id IS NOT NULL" },
    { on: ["sales_channel_id", "created_at"] },
    { on: ["cart_id"], where: "cart_id IS NOT NULL" },
  ])

export default UsageEvent
