import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resolveAlertStep } from "../steps/resolve-alert"

/** Marks an alert as dealt with. */
export const resolveAlertWorkflow = createWorkflow("ai-credits-resolve-alert", (input: { id: string }) => {
  return new WorkflowResponse(resolveAlertStep(input))
})
