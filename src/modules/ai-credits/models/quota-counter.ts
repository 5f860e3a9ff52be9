import { model } from "@medusajs/framework/utils"

/**
 * How much of a quota rule one subject used in one bucket of time. Written only by the ledger
 * functions, in the same transaction as the hold or charge it counts.
 */
const QuotaCounter = model
  .define("ai_credit_quota_counter", {
    id: model.id({ prefix: "aiqc" }).primaryKey(),
    rule_id: model.text(),
    subject: model.text(),
    bucket_start: model.dateTime(),
    used: model.number().default(0),
  })
  .indexes([{ on: ["rule_id", "subject", "bucket_start"], unique: true }])

export default QuotaCounter
