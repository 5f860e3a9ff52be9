import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import type { DebitCreditsInput } from "../../../modules/ai-credits/service"

export type DebitCreditsStepInput = DebitCreditsInput

/**
 * Takes credits out of a wallet: from one grant, or across grants in burn order.
 * Compensation puts the same credits back into the grants they were taken from.
 *
 * @example
 * const result = debitCreditsStep({
 *   wallet_id: "aiwal_123",
 *   amount: 50,
 *   reason: "order refunded",
 *   idempotency_key: "refund_123",
 * })
 */
export const debitCreditsStep = createStep(
  "ai-credits-debit-credits",
  async (input: DebitCreditsStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const result = await credits.debitCredits(input)
    const compensation =
      result.replayed || !result.grants?.length
        ? null
        : { wallet_id: result.balance.wallet_id, grants: result.grants, key: input.idempotency_key }
    return new StepResponse(result, compensation)
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.creditBack({
      wallet_id: compensation.wallet_id,
      grants: compensation.grants,
      entry_type: "adjust",
      reason: "debit rolled back",
      idempotency_key: `${compensation.key}:rollback`,
    })
  }
)
