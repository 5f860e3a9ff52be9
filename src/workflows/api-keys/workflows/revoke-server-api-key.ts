import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { revokeServerApiKeyStep } from "../steps/revoke-server-api-key"

/** Revokes a server API key: its next request, on any server, is refused. */
export const revokeServerApiKeyWorkflow = createWorkflow(
  "ai-credits-revoke-server-api-key",
  (input: { id: string }) => new WorkflowResponse(revokeServerApiKeyStep(input))
)
