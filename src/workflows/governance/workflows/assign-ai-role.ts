import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { assignRoleStep } from "../steps/assign-role"

/** Gives an admin user an AI role (this plugin's own assignments, used while Medusa's RBAC is off). */
export const assignAiRoleWorkflow = createWorkflow(
  "ai-credits-assign-role",
  (input: { user_id: string; role: string; assigned_by: string | null }) => new WorkflowResponse(assignRoleStep(input))
)
