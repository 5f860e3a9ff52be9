import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { setBulkJobStatusStep, SetBulkJobStatusInput } from "../steps/set-bulk-job-status"

/** Changes a bulk job's status (start, pause, resume, cancel, complete) from the statuses allowed. */
export const setBulkJobStatusWorkflow = createWorkflow(
  "ai-credits-set-bulk-job-status",
  (input: SetBulkJobStatusInput) => new WorkflowResponse(setBulkJobStatusStep(input))
)
