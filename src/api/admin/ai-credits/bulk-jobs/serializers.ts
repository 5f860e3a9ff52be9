import type { AdminBulkJob } from "../../../../client/types"
import type { BulkJobDTO } from "../../../../modules/ai-credits-governance/types"

/** A bulk job as the admin API shows it, with its progress. */
export function serializeBulkJob(job: BulkJobDTO): AdminBulkJob {
  const processed = job.items_done + job.items_failed
  return {
    id: job.id,
    name: job.name,
    module: job.module,
    status: job.status,
    created_by: job.created_by,
    wallet_id: job.wallet_id,
    batch_size: job.batch_size,
    items_per_hour: job.items_per_hour,
    estimated_credits_per_item: job.estimated_credits_per_item,
    estimated_credits: job.estimated_credits_per_item * job.items_total,
    credits_spent: job.credits_spent,
    progress: {
      total: job.items_total,
      done: job.items_done,
      failed: job.items_failed,
      remaining: job.items_total - processed,
      percent: job.items_total ? Math.floor((processed * 100) / job.items_total) : 100,
    },
    last_error: job.last_error,
    created_at: job.created_at,
    started_at: job.started_at,
    finished_at: job.finished_at,
  }
}
