import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { BulkJobStatus } from "../../../modules/ai-credits-governance/types"

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
      throw new MedusaError(MedusaError.Types.CONFLICT, `The bulk job is ${job.status}; it cannot become ${input.to}`)
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
