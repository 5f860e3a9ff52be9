import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { unassignRoleStep } from "../steps/unassign-role"

/** Takes an AI role back from an admin user. */
export const unassignAiRoleWorkflow = createWorkflow("ai-credits-unassign-role", (input: { id: string }) => {
  return new WorkflowResponse(unassignRoleStep(input))
})
