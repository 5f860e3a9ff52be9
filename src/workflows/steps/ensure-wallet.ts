import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE, WalletOwnerType } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"

export type EnsureWalletStepInput = { owner_type: WalletOwnerType; owner_id: string; name?: string }

/**
 * Returns the owner's wallet, creating an empty one when it has none (race-free: concurrent runs
 * share one wallet). Compensation removes the wallet only if this step created it and nothing has
 * used it since: another request may have found and funded it meanwhile.
 */
export const ensureWalletStep = createStep(
  "ai-credits-ensure-wallet",
  async (input: EnsureWalletStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const { wallet, created } = await credits.ensureWallet(input)
    return new StepResponse(wallet, created ? wallet.id : null)
  },
  async (createdId, { container }) => {
    if (!createdId) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.deleteWalletIfUnused(createdId)
  }
)
