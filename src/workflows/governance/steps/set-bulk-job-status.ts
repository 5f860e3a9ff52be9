import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { BulkJobStatus } from "../../../modules/ai-credits-governance/types"

/** A job's status in words, for a 409 that says why it cannot move. */
const STATUS_WORDS: Record<BulkJobStatus, string> = {
  queued: "is queued",
  running: "is running",
  paused_insufficient_credits: "is paused (not enough credits)",
  completed: "has finished (completed)",
  canceled: "has finished (canceled)",
  failed: "has stopped after a failure",
}

/** What moving to a status is called, for the same message. */
const MOVE_WORDS: Record<BulkJobStatus, string> = {
  queued: "resumed",
  running: "started",
  paused_insufficient_credits: "paused",
  completed: "completed",
  canceled: "canceled",
  failed: "marked failed",
}

/** "This bulk job has finished (completed); it cannot be canceled". */
export function bulkJobConflictMessage(status: BulkJobStatus, to: BulkJobStatus): string {
  return `This bulk job ${STATUS_WORDS[status] ?? `is ${status}`}; it cannot be ${MOVE_WORDS[to] ?? `moved to ${to}`}`
}

export type SetBulkJobStatusInput = { id: string; from: BulkJobStatus[]; to: BulkJobStatus; last_error?: string | null }

/**
 * Moves a job to another status if it is in one of `from` (409 otherwise). Compensation puts the
 * previous status back.
 */
export const setBulkJobStatusStep = createStep(
  "ai-credits-set-bulk-job-status",
  async (input: SetBulkJobStatusInput, { container }) => {
    const service = governanceService(container)
    const job = await service.retrieveAiCreditBulkJob(input.id)
    if (!input.from.includes(job.status)) {
      throw new MedusaError(MedusaError.Types.CONFLICT, bulkJobConflictMessage(job.status, input.to))
    }
    const terminal = input.to === "canceled" || input.to === "completed"
    const updated = await service.updateAiCreditBulkJobs({
      id: input.id,
      status: input.to,
      last_error: input.last_error === undefined ? job.last_error : input.last_error,
      finished_at: terminal ? new Date() : null,
      started_at: job.started_at ?? (input.to === "running" ? new Date() : null),
    })
    return new StepResponse(updated, {
      id: job.id,
      status: job.status,
      last_error: job.last_error,
      finished_at: job.finished_at,
      started_at: job.started_at,
    })
  },
  async (previous, { container }) => {
    if (previous) {
      await governanceService(container).updateAiCreditBulkJobs(previous)
    }
  }
)
