import { model } from "@medusajs/framework/utils"
import { BULK_JOB_ITEM_STATUSES } from "../../../client/enums"
import BulkJob from "./bulk-job"

/** One unit of a bulk job: a prompt (with an optional reference, e.g. a product id) and its result. */
const BulkJobItem = model
  .define("ai_credit_bulk_job_item", {
    id: model.id({ prefix: "aibji" }).primaryKey(),
    position: model.number(),
    reference: model.text().nullable(),
    prompt: model.text(),
    status: model.enum([...BULK_JOB_ITEM_STATUSES]).default("pending"),
    output: model.text().nullable(),
    input_tokens: model.number().nullable(),
    output_tokens: model.number().nullable(),
    error: model.text().nullable(),
    processed_at: model.dateTime().nullable(),
    job: model.belongsTo(() => BulkJob, { mappedBy: "items" }),
  })
  .indexes([
    { on: ["job_id", "position"], unique: true },
    { on: ["status", "processed_at"] },
  ])

export default BulkJobItem
