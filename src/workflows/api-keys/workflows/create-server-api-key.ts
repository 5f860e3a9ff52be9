import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { CreateServerApiKeyInput } from "../../../modules/ai-credits-governance/types"
import { createServerApiKeyStep } from "../steps/create-server-api-key"

/** Creates a server API key; the answer holds its secret, which is never shown again. */
export const createServerApiKeyWorkflow = createWorkflow(
  "ai-credits-create-server-api-key",
  (input: CreateServerApiKeyInput) => new WorkflowResponse(createServerApiKeyStep(input))
)
