import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { BulkJobEvents } from "../bulk-job-events"
import { createBulkJobStep, CreateBulkJobInput } from "../steps/create-bulk-job"
import { quoteBulkJobStep } from "../steps/quote-bulk-job"

export type SubmitBulkJobInput = Omit<CreateBulkJobInput, "estimated_credits_per_item">

/**
 * Submits a bulk job: quoted at the module's current price, queued with its items, and announced
 * (`ai_credits.bulk_job_queued`) so the runner starts it as soon as the module's cap allows.
 */
export const submitBulkJobWorkflow = createWorkflow("ai-credits-submit-bulk-job", (input: SubmitBulkJobInput) => {
  const quote = quoteBulkJobStep(transform({ input }, ({ input }) => ({ module: input.module, items: input.items })))
  const bulkJob = createBulkJobStep(
    transform({ input, quote }, ({ input, quote }) => ({
      ...input,
      module: quote.module,
      estimated_credits_per_item: quote.estimated_credits_per_item,
    }))
  )
  emitEventStep({ eventName: BulkJobEvents.QUEUED, data: transform({ bulkJob }, ({ bulkJob }) => ({ id: bulkJob.id })) })
  return new WorkflowResponse({ bulk_job: bulkJob, quote })
})
