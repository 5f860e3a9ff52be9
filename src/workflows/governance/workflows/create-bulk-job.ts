import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createBulkJobStep, CreateBulkJobInput } from "../steps/create-bulk-job"

/** Creates a queued bulk job with its items. */
export const createBulkJobWorkflow = createWorkflow("ai-credits-create-bulk-job", (input: CreateBulkJobInput) => {
  return new WorkflowResponse(createBulkJobStep(input))
})
