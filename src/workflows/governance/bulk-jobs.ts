import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  advanceBulkJobStep,
  BulkBatchInput,
  captureBulkBatchStep,
  createBulkJobStep,
  CreateBulkJobInput,
  reserveBulkBatchStep,
  runBulkBatchItemsStep,
  setBulkJobStatusStep,
} from "./bulk-job-steps"

/** Creates a queued bulk job with its items. */
export const createBulkJobWorkflow = createWorkflow("ai-credits-create-bulk-job", (input: CreateBulkJobInput) => {
  return new WorkflowResponse(createBulkJobStep(input))
})

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

/** Changes a bulk job's status (start, pause, resume, cancel, complete) from the statuses allowed. */
export const setBulkJobStatusWorkflow = createWorkflow(
  "ai-credits-set-bulk-job-status",
  (input: Parameters<typeof setBulkJobStatusStep>[0]) => new WorkflowResponse(setBulkJobStatusStep(input))
)
