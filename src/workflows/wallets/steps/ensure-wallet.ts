import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE, WalletOwnerType } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

export type EnsureWalletStepInput = { owner_type: WalletOwnerType; owner_id: string; name?: string }

/**
 * Returns the owner's wallet, creating an empty one when it has none (race-free: concurrent runs
 * share one wallet).
 *
 * No compensation, on purpose: a run that created the wallet and then failed leaves it empty. A
 * concurrent run may already have found that wallet and be about to pay into it by id, and no
 * check on the wallet (balance, ledger, lock) can see a run that has not reached the ledger yet,
 * so deleting it would fail that run with "Wallet not found". An empty wallet is harmless: it is
 * the wallet its owner gets on first use anyway.
 */
export const ensureWalletStep = createStep(
  "ai-credits-ensure-wallet",
  async (input: EnsureWalletStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const { wallet } = await credits.ensureWallet(input)
    return new StepResponse(wallet)
  }
)
