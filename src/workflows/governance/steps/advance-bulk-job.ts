import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { BatchRun } from "./run-bulk-batch-items"

/** Moves the job's progress past the batch. Compensation restores the counters. */
export const advanceBulkJobStep = createStep(
  "ai-credits-advance-bulk-job",
  async (input: { job_id: string; run: BatchRun }, { container }) => {
    const service = governanceService(container)
    const job = await service.retrieveAiCreditBulkJob(input.job_id)
    const previous = { id: job.id, items_done: job.items_done, items_failed: job.items_failed, next_position: job.next_position }
    await service.updateAiCreditBulkJobs({
      id: job.id,
      items_done: job.items_done + input.run.done.length,
      items_failed: job.items_failed + input.run.failed.length,
      next_position: input.run.next_position,
    })
    return new StepResponse(undefined, previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await governanceService(container).updateAiCreditBulkJobs(previous)
    }
  }
)
