import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MAX_CREDITS_PER_OPERATION } from "../../../modules/ai-credits/options"
import { DAY_MS, divideDecimal } from "../../../modules/ai-credits-billing"
import { loadOrderCreditRecords, type OrderCreditRecords, type OrderCreditState, orderLineGrantKey } from "../order-credit-state"
import type { ResolveCreditPackWalletsStepOutput } from "./resolve-credit-pack-wallets"

/** One line's grant, fully worked out: what the grant step sends to the ledger. */
export type OrderLineGrant = {
  line_item_id: string
  idempotency_key: string
  owner_type: "customer" | "customer_group" | "sales_channel"
  owner_id: string
  amount: number
  expires_at: string | null
  modules: string[] | null
  priority: number
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
      priority: pkg.priority,
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
