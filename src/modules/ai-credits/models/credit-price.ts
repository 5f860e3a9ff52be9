import { model } from "@medusajs/framework/utils"

/**
 * A rate card row: what one provider/model costs in credits and what it costs the merchant at the
 * provider. Rows are versioned, never edited: a price change supersedes the row with a new
 * version, and each usage event keeps the row it was charged at. `scope_type` lets a pool (or a
 * plan) have its own prices; `default` applies to everyone else.
 */
const CreditPrice = model
  .define("ai_credit_price", {
    id: model.id({ prefix: "aiprc" }).primaryKey(),
    provider: model.text(),
    model: model.text(),
    scope_type: model.enum(["default", "pool", "plan"]).default("default"),
    scope_id: model.text().nullable(),
    version: model.number().default(1),
    credits_per_1k_input_tokens: model.bigNumber().default(0),
    credits_per_1k_output_tokens: model.bigNumber().default(0),
    credits_per_request: model.bigNumber().default(0),
    credits_per_image: model.bigNumber().default(0),
    cost_per_1k_input_tokens: model.bigNumber().default(0),
    cost_per_1k_output_tokens: model.bigNumber().default(0),
    cost_per_request: model.bigNumber().default(0),
    cost_per_image: model.bigNumber().default(0),
    currency_code: model.text().default("usd"),
    superseded_at: model.dateTime().nullable(),
    created_by: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    {
      on: ["provider", "model", "scope_type", "scope_id"],
      unique: true,
      where: "superseded_at IS NULL AND deleted_at IS NULL",
    },
  ])

export default CreditPrice
