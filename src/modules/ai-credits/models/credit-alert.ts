import { model } from "@medusajs/framework/utils"

/**
 * Something an admin must look at: a model without a price, a threshold crossed, a failed top-up.
 * `dedupe_key` makes an alert fire once for the same cause while it is open.
 */
const CreditAlert = model
  .define("ai_credit_alert", {
    id: model.id({ prefix: "aialr" }).primaryKey(),
    type: model.text(),
    severity: model.enum(["info", "warning", "critical"]).default("warning"),
    message: model.text(),
    wallet_id: model.text().nullable(),
    dedupe_key: model.text(),
    status: model.enum(["open", "resolved"]).default("open"),
    occurrences: model.number().default(1),
    data: model.json().nullable(),
    resolved_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["dedupe_key"], unique: true, where: "status = 'open' AND deleted_at IS NULL" }])

export default CreditAlert
