import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import type { TransferCreditsInput } from "../../../modules/ai-credits/service"

export type TransferCreditsStepInput = TransferCreditsInput

/**
 * Moves credits between wallets, e.g. a pool allocating to a sales channel. The credits keep their
 * source, expiry, module restrictions and cost basis. Compensation moves them back.
 *
 * @example
 * const result = transferCreditsStep({
 *   from_wallet_id: "aiwal_pool",
 *   to_wallet_id: "aiwal_channel",
 *   amount: 1000,
 *   reason: "November allocation",
 *   idempotency_key: "alloc_2026_11",
 *   entry_type: "allocate",
 * })
 */
export const transferCreditsStep = createStep(
  "ai-credits-transfer-credits",
  async (input: TransferCreditsStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const result = await credits.transferCredits(input)
    return new StepResponse(result, result.replayed ? null : input)
  },
  async (input, { container }) => {
    if (!input) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.transferCredits({
      from_wallet_id: input.to_wallet_id,
      to_wallet_id: input.from_wallet_id,
      amount: input.amount,
      reason: "transfer rolled back",
      idempotency_key: `${input.idempotency_key}:rollback`,
    })
  }
)
