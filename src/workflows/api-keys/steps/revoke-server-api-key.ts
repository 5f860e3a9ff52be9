import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"

/** Revokes a server API key (revoking it again keeps the first time). Compensation un-revokes it. */
export const revokeServerApiKeyStep = createStep(
  "ai-credits-revoke-server-api-key",
  async (input: { id: string }, { container }) => {
    const service = governanceService(container)
    const [key] = await service.listAiCreditServerApiKeys({ id: input.id }, { take: 1 })
    if (!key) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `No API key ${input.id}`)
    }
    if (key.revoked_at) {
      return new StepResponse(key, null)
    }
    const revoked = await service.updateAiCreditServerApiKeys({ id: key.id, revoked_at: new Date() })
    return new StepResponse(revoked, key.id)
  },
  async (revokedId, { container }) => {
    if (revokedId) {
      await governanceService(container).updateAiCreditServerApiKeys({ id: revokedId, revoked_at: null })
    }
  }
)
