import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"

export type CreateBulkJobInput = {
  name: string
  module: string
  created_by: string
  wallet_id?: string | null
  /** The governance options' `bulk_jobs.batch_size` when not given. */
  batch_size?: number | null
  items_per_hour?: number | null
  estimated_credits_per_item: number
  items: { prompt: string; reference?: string | null }[]
}

/** Creates a queued bulk job with its items. Compensation deletes them. */
export const createBulkJobStep = createStep(
  "ai-credits-create-bulk-job",
  async ({ items, ...input }: CreateBulkJobInput, { container }) => {
    const service = governanceService(container)
    const job = await service.createAiCreditBulkJobs({
      ...input,
      batch_size: input.batch_size ?? service.options.bulk_jobs.batch_size,
      items_total: items.length,
      status: "queued",
    })
    await service.createAiCreditBulkJobItems(
      items.map((item, position) => ({ job_id: job.id, position, prompt: item.prompt, reference: item.reference ?? null }))
    )
    return new StepResponse(job, job.id)
  },
  async (id, { container }) => {
    if (id) {
      await governanceService(container).deleteAiCreditBulkJobs([id])
    }
  }
)
