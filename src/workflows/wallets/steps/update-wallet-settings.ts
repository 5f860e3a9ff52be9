import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

/** A wallet's settings; its balances only ever change through the ledger. */
export type WalletSettings = {
  name?: string | null
  overage_limit?: number
  max_hold_credits?: number | null
  monthly_spend_cap?: number | null
  monthly_cost_cap?: string | null
  monthly_cap_action?: "block" | "notify"
  alert_thresholds?: number[] | null
  low_balance_threshold?: number | null
  metadata?: Record<string, unknown> | null
}

export type UpdateWalletSettingsStepInput = { id: string } & WalletSettings

/** Changes a wallet's settings (limits, budget, alerts). Compensation restores the previous values. */
export const updateWalletSettingsStep = createStep(
  "ai-credits-update-wallet-settings",
  async (input: UpdateWalletSettingsStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const before = await credits.retrieveAiCreditWallet(input.id)
    if (input.overage_limit !== undefined) {
      // Overage already used, or holds already beyond the balance, cannot be taken back by a setting.
      const balance = await credits.getBalance(input.id)
      const needed = Math.max(balance.overage_used, balance.reserved - balance.balance, 0)
      if (input.overage_limit < needed) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `overage_limit must be at least ${needed}: the wallet already uses that much beyond its balance`
        )
      }
    }
    // Boundary cast: data-model json fields are typed as objects; the thresholds are a JSON array.
    const update = { ...input } as unknown as Parameters<AiCreditsModuleService["updateAiCreditWallets"]>[0]
    const wallet = await credits.updateAiCreditWallets(update)
    const previous = Object.fromEntries(Object.keys(input).map((key) => [key, before[key as keyof typeof before]]))
    return new StepResponse(wallet, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.updateAiCreditWallets(previous as Parameters<AiCreditsModuleService["updateAiCreditWallets"]>[0])
  }
)
