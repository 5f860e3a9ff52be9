import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ModuleAccessInput, setModuleAccessStep } from "../steps/set-module-access"

/** Restricts an AI module's requests or bulk jobs to roles. */
export const setModuleAccessWorkflow = createWorkflow(
  "ai-credits-set-module-access",
  (input: ModuleAccessInput) =>
    new WorkflowResponse(setModuleAccessStep(input))
)
