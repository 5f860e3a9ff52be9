import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { assignRoleStep, setModuleAccessStep, unassignRoleStep } from "./role-steps"

/** Gives an admin user an AI role (this plugin's own assignments, used while Medusa's RBAC is off). */
export const assignAiRoleWorkflow = createWorkflow(
  "ai-credits-assign-role",
  (input: { user_id: string; role: string; assigned_by: string | null }) => new WorkflowResponse(assignRoleStep(input))
)

export const unassignAiRoleWorkflow = createWorkflow("ai-credits-unassign-role", (input: { id: string }) => {
  return new WorkflowResponse(unassignRoleStep(input))
})

/** Restricts an AI module's requests or bulk jobs to roles. */
export const setModuleAccessWorkflow = createWorkflow(
  "ai-credits-set-module-access",
  (input: { module: string; scope: "requests" | "bulk_jobs"; roles: string[] }) =>
    new WorkflowResponse(setModuleAccessStep(input))
)
