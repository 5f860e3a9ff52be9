import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import { MAX_CREDITS_PER_OPERATION } from "../../modules/ai-credits/options"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import { divideDecimal } from "./order-credit-math"
import {
  grantRollbackKey,
  loadOrderCreditRecords,
  OrderCreditRecords,
  OrderCreditState,
  orderLineGrantKey,
} from "./order-credit-state"
import type { ResolveCreditPackWalletsStepOutput } from "./resolve-credit-pack-wallets"

const DAY_MS = 86_400_000

/** One line's grant, fully worked out: what the grant step sends to the ledger. */
export type OrderLineGrant = {
  line_item_id: string
  idempotency_key: string
  owner_type: "customer" | "customer_group" | "sales_channel"
  owner_id: string
  amount: number
  expires_at: string | null
  modules: string[] | null
  unit_price: string
  currency_code: string
  reason: string
  metadata: Record<string, unknown>
}

export type OrderCreditGrantPlan = {
  order_id: string
  to_grant: OrderLineGrant[]
  /** Lines that already have their grant (a replayed event): nothing is written for them. */
  already_granted: { line_item_id: string; grant_id: string; wallet_id: string }[]
}

/**
 * Works out the grant of every credit-pack line that has none yet. Pure: the same order state
 * gives the same grants (keys, amounts, expiry), whoever computes them.
 *
 * - amount: quantity × the package's credits;
 * - unit_price: the line's unit price / the package's credits, an exact decimal string;
 * - expires_at: `validity_days` after the payment was captured (from now if that date has passed);
 * - modules: the package's (an add-on pack serves only its modules);
 * - key: `order:<order>:line:<line>`, or `...:retry:<n>` when earlier grants of the line were
 *   rolled back by compensation (their key would only replay the rolled-back grant).
 */
export function planOrderCreditGrants(
  state: OrderCreditState,
  owners: ResolveCreditPackWalletsStepOutput,
  records: OrderCreditRecords,
  now = new Date()
): OrderCreditGrantPlan {
  const plan: OrderCreditGrantPlan = { order_id: state.order_id, to_grant: [], already_granted: [] }
  for (const line of state.lines) {
    const grants = records.grants.filter((g) => g.line_item_id === line.line_item_id)
    const live = grants.find((g) => !g.rolled_back)
    if (live) {
      plan.already_granted.push({ line_item_id: line.line_item_id, grant_id: live.id, wallet_id: live.wallet_id })
      continue
    }
    const owner = owners[line.line_item_id]
    if (!owner) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `No wallet was resolved for order line ${line.line_item_id}`)
    }
    const pkg = line.package
    const amount = line.quantity * pkg.credits
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_CREDITS_PER_OPERATION) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Order line ${line.line_item_id} would grant ${amount} credits; one grant holds 1 to ${MAX_CREDITS_PER_OPERATION}`
      )
    }
    let expiresAt: string | null = null
    if (pkg.validity_days) {
      const from = state.captured_at ? Date.parse(state.captured_at) : now.getTime()
      const expiry = from + pkg.validity_days * DAY_MS
      expiresAt = new Date(expiry > now.getTime() ? expiry : now.getTime() + pkg.validity_days * DAY_MS).toISOString()
    }
    plan.to_grant.push({
      line_item_id: line.line_item_id,
      idempotency_key: orderLineGrantKey(state.order_id, line.line_item_id, grants.length + 1),
      owner_type: owner.owner_type,
      owner_id: owner.owner_id,
      amount,
      expires_at: expiresAt,
      modules: pkg.modules?.length ? [...pkg.modules] : null,
      unit_price: divideDecimal(line.unit_price, BigInt(pkg.credits)),
      currency_code: state.currency_code,
      reason: `${pkg.title} × ${line.quantity} (order ${state.order_id})`,
      metadata: {
        order_id: state.order_id,
        line_item_id: line.line_item_id,
        variant_id: line.variant_id,
        package_id: pkg.id,
        package_kind: pkg.kind,
        quantity: line.quantity,
        credits_per_unit: pkg.credits,
        line_unit_price: line.unit_price,
        fills: pkg.fills,
        wallet_rule: owner.rule,
        captured_at: state.captured_at,
      },
    })
  }
  return plan
}

export type PlanOrderCreditGrantsStepInput = {
  state: OrderCreditState
  owners: ResolveCreditPackWalletsStepOutput
}

/**
 * Reads the grants already written for the order and works out the ones still missing
 * (`planOrderCreditGrants`). Run under the order's lock. Read-only.
 */
export const planOrderCreditGrantsStep = createStep(
  "ai-credits-plan-order-credit-grants",
  async (input: PlanOrderCreditGrantsStepInput, { container }) => {
    const records = await loadOrderCreditRecords(container, input.state.order_id, [])
    return new StepResponse(planOrderCreditGrants(input.state, input.owners, records))
  }
)

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
 * `purchase`, cost basis `paid`, with unit price and currency, referencing the order. Each grant
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
