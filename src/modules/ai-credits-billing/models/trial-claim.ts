import { model } from "@medusajs/framework/utils"

/**
 * One trial per customer, per normalized email and per card: each trial claims all three keys,
 * and the unique index refuses a second claim of any of them.
 */
const TrialClaim = model
  .define("ai_credit_trial_claim", {
    id: model.id({ prefix: "aitrl" }).primaryKey(),
    kind: model.enum(["customer", "email", "card"]),
    value: model.text(),
    customer_id: model.text(),
    subscription_id: model.text().nullable(),
  })
  .indexes([{ on: ["kind", "value"], unique: true, where: "deleted_at IS NULL" }])

export default TrialClaim
