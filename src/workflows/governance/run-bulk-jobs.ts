import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { governanceService } from "../../modules/ai-credits-governance"
import { processBulkJobBatchWorkflow, setBulkJobStatusWorkflow } from "./workflows"

/** Most batches one job runs per pass, so one pass cannot run for ever. */
const MAX_BATCHES_PER_PASS = 50

/** Starts queued jobs, oldest first, while their module has fewer running than its concurrency cap. */
async function startQueuedJobs(container: MedusaContainer) {
  const service = governanceService(container)
  const queued = await service.listAiCreditBulkJobs({ status: "queued" }, { order: { created_at: "ASC" }, take: 1_000, select: ["module"] })
  const locking = container.resolve(Modules.LOCKING)
  for (const module of [...new Set(queued.map((job) => job.module))]) {
    await locking.execute(`ai-credits-bulk-start:${module}`, async () => {
      const { concurrency } = await service.bulkPaceOf(module)
      const [, running] = await service.listAndCountAiCreditBulkJobs({ module, status: "running" }, { take: 1, select: ["id"] })
      const waiting = await service.listAiCreditBulkJobs(
        { module, status: "queued" },
        { order: { created_at: "ASC" }, take: Math.max(concurrency - running, 0), select: ["id"] }
      )
      for (const job of running < concurrency ? waiting : []) {
        await setBulkJobStatusWorkflow(container).run({ input: { id: job.id, from: ["queued"], to: "running" } })
      }
    })
  }
}

/**
 * Runs batches of one running job while it has items, pace and credit. A batch that cannot be
 * paid pauses the job (`paused_insufficient_credits`) before any of its items run; a resumed job
 * goes on from the next item.
 */
async function runJob(container: MedusaContainer, jobId: string) {
  const service = governanceService(container)
  for (let pass = 0; pass < MAX_BATCHES_PER_PASS; pass++) {
    const job = await service.retrieveAiCreditBulkJob(jobId)
    if (job.status !== "running") {
      return
    }
    const room = await service.bulkRoomThisHour(job)
    if (!room) {
      return
    }
    const items = await service.listAiCreditBulkJobItems(
      { job_id: job.id, status: "pending", position: { $gte: job.next_position } },
      { order: { position: "ASC" }, take: Math.min(job.batch_size, room), select: ["id"] }
    )
    if (!items.length) {
      await setBulkJobStatusWorkflow(container).run({ input: { id: job.id, from: ["running"], to: "completed" } })
      return
    }
    const { errors } = await processBulkJobBatchWorkflow(container).run({
      input: { job_id: job.id, item_ids: items.map((item) => item.id) },
      throwOnError: false,
    })
    if (errors.length) {
      const error = errors[0].error as { code?: string; message?: string }
      const paused = error.code === "insufficient_credits"
      await setBulkJobStatusWorkflow(container).run({
        input: {
          id: job.id,
          from: ["running"],
          to: paused ? "paused_insufficient_credits" : "failed",
          last_error: error.message ?? "The batch failed",
        },
        throwOnError: false,
      })
      return
    }
  }
}

/**
 * One pass of the bulk job runner (every minute, and when a job is queued: see the
 * `run-queued-ai-bulk-jobs` subscriber): start what the concurrency caps allow, then run the
 * running jobs' batches through `processBulkJobBatchWorkflow`. Each job is run by one process at a
 * time (Medusa's Locking module); a busy job is skipped.
 */
export async function runBulkJobs(container: MedusaContainer) {
  await startQueuedJobs(container)
  const running = await governanceService(container).listAiCreditBulkJobs(
    { status: "running" },
    { order: { created_at: "ASC" }, take: 1_000, select: ["id"] }
  )
  const locking = container.resolve(Modules.LOCKING)
  for (const job of running) {
    await locking.execute(`ai-credits-bulk-job:${job.id}`, () => runJob(container, job.id), { timeout: 1 }).catch(() => {
      // Another process is running this job's batches.
    })
  }
  // A job that finished frees a place for a queued one.
  await startQueuedJobs(container)
}
