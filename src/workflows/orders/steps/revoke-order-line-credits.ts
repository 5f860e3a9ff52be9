import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import type { OrderRevocationRecord } from "../order-credit-state"
import type { OrderCreditRevocationPlan } from "./plan-order-credit-revocations"

/** A revocation as the step wrote (or replayed) it. */
export type RevokedOrderLine = Omit<OrderRevocationRecord, "ledger_entry_id" | "created_at"> & { replayed: boolean }

/**
 * Takes back the unspent credits of an order's grants: one `revoke` ledger entry per grant and
 * cause, from that grant only, in `up_to` mode. What could not be taken (spent, held by an open
 * authorization, expired) is the shortfall: the ledger entry's metadata records `requested` and
 * `shortfall`, and the step returns it for the alert.
 *
 * No compensation, on purpose: a cancel or refund has happened, and giving the credits back
 * because a later step failed would hand out credits for money already returned. Every
 * revocation has its own key, so a failed run is simply run again: what was done replays (with
 * its recorded shortfall) and the rest is done.
 *
 * @example
 * const plan = planOrderCreditRevocationsStep(state)
 * const revoked = revokeOrderLineCreditsStep(plan)
 */
export const revokeOrderLineCreditsStep = createStep(
  "ai-credits-revoke-order-line-credits",
  async (plan: OrderCreditRevocationPlan, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const revoked: RevokedOrderLine[] = []
    for (const line of plan.to_revoke) {
      const result = await credits.debitCredits({
        wallet_id: line.wallet_id,
        grant_id: line.grant_id,
        amount: line.amount,
        mode: "up_to",
        entry_type: "revoke",
        reason: line.cause === "order_canceled" ? `order ${plan.order_id} canceled` : `order ${plan.order_id} refunded`,
        idempotency_key: line.idempotency_key,
        actor: { type: "system" },
        metadata: line.metadata,
      })
      revoked.push({
        wallet_id: line.wallet_id,
        grant_id: line.grant_id,
        line_item_id: line.line_item_id,
        idempotency_key: line.idempotency_key,
        cause: line.cause,
        refund_id: line.refund_id,
        requested: line.amount,
        taken: Number(result.taken),
        shortfall: Number(result.shortfall),
        replayed: Boolean(result.replayed),
      })
    }
    return new StepResponse({ order_id: plan.order_id, cause: plan.cause, revoked })
  }
)
