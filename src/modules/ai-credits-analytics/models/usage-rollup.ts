import { model } from "@medusajs/framework/utils"
import { rollupMetrics } from "../rollup-metrics"

/**
 * Usage summed per hour and per UTC day by what ran and where: module, provider, model, sales
 * channel and the currency of the provider cost. Answers totals, splits by module, provider and
 * model, storefront rankings and time series without touching usage events.
 *
 * Dimensions are never null, so that one unique index can key the upserts: an event without a
 * provider, model or sales channel is summed under "" (shown as null by the API).
 */
const UsageRollup = model
  .define("ai_credit_usage_rollup", {
    id: model.id({ prefix: "aiur" }).primaryKey(),
    grain: model.enum(["hour", "day"]),
    bucket_start: model.dateTime(),
    module: model.text(),
    provider: model.text().default(""),
    model: model.text().default(""),
    sales_channel_id: model.text().default(""),
    currency_code: model.text(),
    ...rollupMetrics(),
  })
  .indexes([
    {
      name: "IDX_ai_credit_usage_rollup_key",
      on: ["grain", "bucket_start", "module", "provider", "model", "sales_channel_id", "currency_code"],
      unique: true,
    },
  ])

export default UsageRollup
