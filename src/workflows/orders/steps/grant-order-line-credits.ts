import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import { grantRollbackKey } from "../order-credit-state"
import type { OrderCreditGrantPlan } from "./plan-order-credit-grants"

export type GrantedOrderLine = {
  line_item_id: string
  grant_id: string
  wallet_id: string
  amount: number
  expires_at: string | null
  replayed: boolean
}

type Granted = { wallet_id: string; grant_id: string; amount: number; key: string; order_id: string }

async function rollBack(credits: AiCreditsModuleService, granted: Granted[]) {
  // Newest first, each on its own key: a rollback that is retried replays instead of taking twice.
  for (const grant of [...granted].reverse()) {
    await credits.debitCredits({
      wallet_id: grant.wallet_id,
      grant_id: grant.grant_id,
      amount: grant.amount,
      mode: "up_to",
      entry_type: "revoke",
      reason: `order ${grant.order_id} credit grant rolled back`,
      idempotency_key: grantRollbackKey(grant.key),
      metadata: { order_id: grant.order_id, rollback_of: grant.key },
    })
  }
}

/**
 * Grants the credits of an order's credit-pack lines, one ledger grant per line: source
 * `purchase`, cost basis `paid`, the package's priority, with unit price and currency, referencing the order. Each grant
 * is idempotent on its key, so a replayed event or a retried workflow grants nothing twice.
 *
 * All or nothing per order: when a line fails, the lines granted by this run are taken back
 * before the error goes on; compensation (a later step failing) does the same. A grant is taken
 * back with a `<key>:rollback` revocation of what is still unspent, and the next run grants the
 * line again under `:retry:<n>` (see `planOrderCreditGrants`), so a rollback never leaves a paid
 * line without its credits.
 *
 * @example
 * const plan = planOrderCreditGrantsStep({ state, owners })
 * const granted = grantOrderLineCreditsStep(plan)
 */
export const grantOrderLineCreditsStep = createStep(
  "ai-credits-grant-order-line-credits",
  async (plan: OrderCreditGrantPlan, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const granted: Granted[] = []
    const lines: GrantedOrderLine[] = []
    try {
      for (const line of plan.to_grant) {
        const result = await credits.grantCredits({
          owner_type: line.owner_type,
          owner_id: line.owner_id,
          amount: line.amount,
          source: "purchase",
          cost_basis: "paid",
          unit_price: line.unit_price,
          currency_code: line.currency_code,
          reference_type: "order",
          reference_id: plan.order_id,
          expires_at: line.expires_at,
          modules: line.modules,
          priority: line.priority,
          idempotency_key: line.idempotency_key,
          reason: line.reason,
          actor: { type: "system" },
          metadata: line.metadata,
        })
        if (!result.replayed) {
          granted.push({
            wallet_id: result.balance.wallet_id,
            grant_id: result.grant.id,
            amount: line.amount,
            key: line.idempotency_key,
            order_id: plan.order_id,
          })
        }
        lines.push({
          line_item_id: line.line_item_id,
          grant_id: result.grant.id,
          wallet_id: result.balance.wallet_id,
          amount: line.amount,
          expires_at: line.expires_at,
          replayed: Boolean(result.replayed),
        })
      }
    } catch (error) {
      await rollBack(credits, granted).catch((rollbackError: Error) => {
        // Keep the first error; the ledger keeps what was granted, and the next run sees it.
        const logger: Logger = container.resolve(ContainerRegistrationKeys.LOGGER)
        logger.error(`ai-credits: rolling back the credit grants of order ${plan.order_id} failed: ${rollbackError.message}`)
      })
      throw error
    }
    return new StepResponse({ order_id: plan.order_id, granted: lines, already_granted: plan.already_granted }, granted)
  },
  async (granted, { container }) => {
    if (!granted?.length) {
      return
    }
    await rollBack(container.resolve(AI_CREDITS_MODULE), granted)
  }
)
