import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updatePlanStep } from "../steps/update-plan"

/** Changes a plan's terms; subscribers get them from their next period on. */
export const updatePlanWorkflow = createWorkflow("ai-credits-update-plan", (input: Parameters<typeof updatePlanStep>[0]) => {
  return new WorkflowResponse(updatePlanStep(input))
})
