import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE, WalletOwnerType } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"

export type EnsureWalletStepInput = { owner_type: WalletOwnerType; owner_id: string; name?: string }

/**
 * Returns the owner's wallet, creating an empty one when it has none.
 * Compensation removes the wallet only if this step created it.
 */
export const ensureWalletStep = createStep(
  "ai-credits-ensure-wallet",
  async (input: EnsureWalletStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const existing = await credits.findWallet(input.owner_type, input.owner_id)
    if (existing) {
      return new StepResponse(existing, null)
    }
    const created = await credits.createAiCreditWallets({
      owner_type: input.owner_type,
      owner_id: input.owner_id,
      name: input.name ?? null,
      overage_limit: credits.options.default_overage_limit,
    })
    return new StepResponse(created, created.id)
  },
  async (createdId, { container }) => {
    if (!createdId) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.deleteAiCreditWallets(createdId)
  }
)
