import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import type { GrantCreditsInput } from "../../../modules/ai-credits/service"

export type GrantCreditsStepInput = GrantCreditsInput

/**
 * Adds a grant to a wallet (creating the wallet on its first grant).
 * Compensation takes back what is still unspent of that grant, as a ledger entry.
 *
 * @example
 * const result = grantCreditsStep({
 *   owner_type: "customer",
 *   owner_id: "cus_123",
 *   amount: 500,
 *   source: "purchase",
 *   idempotency_key: "order_123:line_1",
 * })
 */
export const grantCreditsStep = createStep(
  "ai-credits-grant-credits",
  async (input: GrantCreditsStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const result = await credits.grantCredits(input)
    const compensation = result.replayed
      ? null
      : { wallet_id: result.balance.wallet_id, grant_id: result.grant.id, amount: input.amount, key: input.idempotency_key }
    return new StepResponse(result, compensation)
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.debitCredits({
      wallet_id: compensation.wallet_id,
      grant_id: compensation.grant_id,
      amount: compensation.amount,
      mode: "up_to",
      entry_type: "revoke",
      reason: "grant rolled back",
      idempotency_key: `${compensation.key}:rollback`,
    })
  }
)
