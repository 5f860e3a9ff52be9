import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { Actor } from "../../../modules/ai-credits"
import { ensureWalletStep, transferCreditsStep, validateWalletOwnerStep } from "../steps"

export type AllocatePoolCreditsInput = {
  pool_wallet_id: string
  sales_channel_id: string
  amount: number
  reason: string
  idempotency_key: string
  actor: Actor
}

/**
 * Allocates credit from a pool to one of its member sales channels, within that member's
 * allocation cap. The channel's wallet is created when it has none yet.
 */
export const allocatePoolCreditsWorkflow = createWorkflow(
  "ai-credits-allocate-pool-credits",
  (input: AllocatePoolCreditsInput) => {
    validateWalletOwnerStep({ owner_type: "sales_channel", owner_id: input.sales_channel_id })
    const channelWallet = ensureWalletStep(
      transform({ input }, ({ input }) => ({
        owner_type: "sales_channel" as const,
        owner_id: input.sales_channel_id,
      }))
    )
    const transfer = transferCreditsStep(
      transform({ input, channelWallet }, ({ input, channelWallet }) => ({
        from_wallet_id: input.pool_wallet_id,
        to_wallet_id: channelWallet.id,
        amount: input.amount,
        reason: input.reason,
        idempotency_key: input.idempotency_key,
        actor: input.actor,
        entry_type: "allocate" as const,
      }))
    )
    return new WorkflowResponse(transfer)
  }
)
