import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { advanceBulkJobStep } from "../steps/advance-bulk-job"
import { captureBulkBatchStep } from "../steps/capture-bulk-batch"
import { BulkBatchInput, reserveBulkBatchStep } from "../steps/reserve-bulk-batch"
import { runBulkBatchItemsStep } from "../steps/run-bulk-batch-items"

/**
 * One batch of a bulk job: hold its credits, run its items, move the job on, charge what they
 * used. A failure before the charge releases the hold and puts the items back to pending.
 */
export const processBulkJobBatchWorkflow = createWorkflow("ai-credits-process-bulk-job-batch", (input: BulkBatchInput) => {
  const batch = reserveBulkBatchStep(input)
  const run = runBulkBatchItemsStep(batch)
  advanceBulkJobStep(transform({ input, run }, ({ input, run }) => ({ job_id: input.job_id, run })))
  const charged = captureBulkBatchStep({ batch, run })
  return new WorkflowResponse(transform({ run, charged }, ({ run, charged }) => ({ ...run, credits: charged.credits })))
})
