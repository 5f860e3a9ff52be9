import { model } from "@medusajs/framework/utils"
import { QUOTA_ACTIONS, QUOTA_COUNTED_PER, QUOTA_METRICS, QUOTA_WINDOWS } from "../../../client/enums"

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
  per: model.enum([...QUOTA_COUNTED_PER]).default("actor"),
  metric: model.enum([...QUOTA_METRICS]),
  window: model.enum([...QUOTA_WINDOWS]),
  /** For rolling windows: their length. */
  window_seconds: model.number().nullable(),
  limit: model.number(),
  action: model.enum([...QUOTA_ACTIONS]).default("block"),
  created_by: model.text().nullable(),
  metadata: model.json().nullable(),
})

export default QuotaRule
