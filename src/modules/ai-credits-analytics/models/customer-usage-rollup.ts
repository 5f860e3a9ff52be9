import { model } from "@medusajs/framework/utils"
import { rollupMetrics } from "../rollup-metrics"

/**
 * Usage of signed-in customers summed per UTC day and per UTC month (and sales channel and cost
 * currency): top customers and per-customer series. Kept apart from the module/model rollup
 * because customers multiply its rows; the month grain keeps a month's ranking to one row per
 * customer and storefront.
 */
const CustomerUsageRollup = model
  .define("ai_credit_customer_usage_rollup", {
    id: model.id({ prefix: "aicur" }).primaryKey(),
    grain: model.enum(["day", "month"]),
    bucket_start: model.dateTime(),
    customer_id: model.text(),
    sales_channel_id: model.text().default(""),
    currency_code: model.text(),
    ...rollupMetrics(),
  })
  .indexes([
    {
      name: "IDX_ai_credit_customer_usage_rollup_key",
      on: ["grain", "bucket_start", "customer_id", "sales_channel_id", "currency_code"],
      unique: true,
    },
    { name: "IDX_ai_credit_customer_usage_rollup_customer", on: ["customer_id", "grain", "bucket_start"] },
  ])

export default CustomerUsageRollup
