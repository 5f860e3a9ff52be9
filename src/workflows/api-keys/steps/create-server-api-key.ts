import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { CreateServerApiKeyInput } from "../../../modules/ai-credits-governance/types"

/** Creates a server API key and returns its secret (once). Compensation deletes the key. */
export const createServerApiKeyStep = createStep(
  "ai-credits-create-server-api-key",
  async (input: CreateServerApiKeyInput, { container }) => {
    const created = await governanceService(container).createServerApiKey(input)
    return new StepResponse(created, created.api_key.id)
  },
  async (createdId, { container }) => {
    if (createdId) {
      await governanceService(container).deleteAiCreditServerApiKeys([createdId])
    }
  }
)
