import { model } from "@medusajs/framework/utils"

/**
 * A quota: in its scope (any mix of module, sales channel, customer group, customer, plan and
 * admin role; an empty field matches everything), at most `limit` of a metric per window. With
 * `per: "actor"` each customer, visitor or admin user has their own allowance; with `per: "scope"`
 * the whole scope shares one. When several rules match, all apply and the most restrictive decides.
 */
const QuotaRule = model.define("ai_credit_quota_rule", {
  id: model.id({ prefix: "aiqr" }).primaryKey(),
  name: model.text(),
  is_active: model.boolean().default(true),
  module: model.text().nullable(),
  sales_channel_id: model.text().nullable(),
  customer_group_id: model.text().nullable(),
  customer_id: model.text().nullable(),
  plan_id: model.text().nullable(),
  admin_role: model.text().nullable(),
  per: model.enum(["actor", "scope"]).default("actor"),
  metric: model.enum(["credits", "requests", "tokens"]),
  window: model.enum(["minute", "hour", "day", "month", "rolling"]),
  /** For rolling windows: their length. */
  window_seconds: model.number().nullable(),
  limit: model.number(),
  action: model.enum(["block", "fallback", "notify", "require_approval"]).default("block"),
  created_by: model.text().nullable(),
  metadata: model.json().nullable(),
})

export default QuotaRule
