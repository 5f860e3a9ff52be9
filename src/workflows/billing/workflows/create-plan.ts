import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createPlanStep } from "../steps/create-plan"

/** Creates a subscription plan (see `createPlanStep`). */
export const createPlanWorkflow = createWorkflow("ai-credits-create-plan", (input: Parameters<typeof createPlanStep>[0]) => {
  return new WorkflowResponse(createPlanStep(input))
})
