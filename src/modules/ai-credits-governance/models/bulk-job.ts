import { model } from "@medusajs/framework/utils"
import { BULK_JOB_STATUSES } from "../../../client/enums"
import BulkJobItem from "./bulk-job-item"

/**
 * Bulk AI work (catalog indexing, mass content generation, embeddings, automations) run in
 * batches by the `ai-credits-run-bulk-jobs` job. Each batch holds its credits before it runs, so a
 * job stops cleanly when a batch cannot be paid (`paused_insufficient_credits`) and resumes
 * after a top-up from the next item.
 */
const BulkJob = model
  .define("ai_credit_bulk_job", {
    id: model.id({ prefix: "aibj" }).primaryKey(),
    name: model.text(),
    module: model.text(),
    status: model.enum([...BULK_JOB_STATUSES]).default("queued"),
    /** The admin user who submitted it: its AI requests are theirs. */
    created_by: model.text(),
    wallet_id: model.text().nullable(),
    batch_size: model.number().default(10),
    /** This job's own pace, at most the module's. */
    items_per_hour: model.number().nullable(),
    items_total: model.number(),
    items_done: model.number().default(0),
    items_failed: model.number().default(0),
    /** Where the next batch starts. */
    next_position: model.number().default(0),
    estimated_credits_per_item: model.number(),
    credits_spent: model.number().default(0),
    last_error: model.text().nullable(),
    started_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
    items: model.hasMany(() => BulkJobItem, { mappedBy: "job" }),
  })
  .cascades({ delete: ["items"] })
  .indexes([{ on: ["status", "module", "created_at"] }])

export default BulkJob
