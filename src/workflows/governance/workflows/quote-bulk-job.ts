import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { BulkItemInput, quoteBulkJobStep } from "../steps/quote-bulk-job"

/** What a bulk job would cost (items × estimated credits) and how fast it may run, before submitting it. */
export const quoteBulkJobWorkflow = createWorkflow(
  "ai-credits-quote-bulk-job",
  (input: { module: string; items: BulkItemInput[] }) => new WorkflowResponse(quoteBulkJobStep(input))
)
