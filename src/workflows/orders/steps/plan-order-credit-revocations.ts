import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { parseDecimal, proportionalCredits, sumDecimals } from "../../../modules/ai-credits-billing"
import {
  cancelRevocationKey,
  loadOrderCreditRecords,
  type OrderCreditRecords,
  type OrderCreditState,
  refundRevocationKey,
} from "../order-credit-state"

export type OrderLineRevocation = {
  wallet_id: string
  grant_id: string
  line_item_id: string | null
  idempotency_key: string
  amount: number
  cause: "order_canceled" | "order_refunded"
  refund_id: string | null
  metadata: Record<string, unknown>
}

export type OrderCreditRevocationPlan = {
  order_id: string
  cause: "order_canceled" | "order_refunded" | null
  to_revoke: OrderLineRevocation[]
}

/**
 * Works out what to take back from each live grant of an order, from the order's state (not
 * from the event that woke us, so a late, repeated or out-of-order event computes the same
 * thing). Pure.
 *
 * - Canceled order: everything the grant gave that earlier refund revocations did not already
 *   ask for, under `<grant key>:revoke` (one per grant; after it nothing more is asked).
 * - Refunds: each refund takes back its share, proportional to the money refunded out of the
 *   money captured on the order: after refunds r1..ri the grant's target is
 *   `floor(credits × (r1 + ... + ri) / captured)`, and refund i asks for its target minus the
 *   previous one, under `<grant key>:refund:<refund id>`. The shares add up exactly (a full
 *   refund in several parts takes back all the credits), rounding leaves the buyer the
 *   fraction of a credit, and each refund is revoked once whatever order its events arrive in.
 */
export function planOrderCreditRevocations(state: OrderCreditState, records: OrderCreditRecords): OrderCreditRevocationPlan {
  const cause = state.canceled ? "order_canceled" : state.refunds.length ? "order_refunded" : null
  const plan: OrderCreditRevocationPlan = { order_id: state.order_id, cause, to_revoke: [] }
  if (!cause) {
    return plan
  }
  const captured = parseDecimal(state.captured_amount)
  for (const grant of records.grants.filter((g) => !g.rolled_back)) {
    const done = records.revocations.filter((r) => r.grant_id === grant.id)
    if (done.some((r) => r.cause === "order_canceled")) {
      continue
    }
    const base = {
      wallet_id: grant.wallet_id,
      grant_id: grant.id,
      line_item_id: grant.line_item_id,
    }
    if (state.canceled) {
      const asked = done.reduce((sum, r) => sum + r.requested, 0)
      const amount = grant.amount - asked
      if (amount > 0) {
        plan.to_revoke.push({
          ...base,
          idempotency_key: cancelRevocationKey(grant.idempotency_key),
          amount,
          cause,
          refund_id: null,
          metadata: { order_id: state.order_id, line_item_id: grant.line_item_id, cause },
        })
      }
      continue
    }
    let previous = 0
    const refunded: string[] = []
    for (const refund of state.refunds) {
      refunded.push(refund.amount)
      const target = proportionalCredits(grant.amount, sumDecimals(refunded), captured)
      const amount = target - previous
      previous = target
      const key = refundRevocationKey(grant.idempotency_key, refund.id)
      if (amount <= 0 || done.some((r) => r.idempotency_key === key)) {
        continue
      }
      plan.to_revoke.push({
        ...base,
        idempotency_key: key,
        amount,
        cause,
        refund_id: refund.id,
        metadata: {
          order_id: state.order_id,
          line_item_id: grant.line_item_id,
          cause,
          refund_id: refund.id,
          refund_amount: refund.amount,
          captured_amount: state.captured_amount,
        },
      })
    }
  }
  return plan
}

/**
 * Reads the order's grants and the revocations already written (`loadOrderCreditRecords`) and
 * works out the ones still due (`planOrderCreditRevocations`). Run under the order's lock.
 * Read-only.
 */
export const planOrderCreditRevocationsStep = createStep(
  "ai-credits-plan-order-credit-revocations",
  async (state: OrderCreditState, { container }) => {
    const records = await loadOrderCreditRecords(container, state.order_id, state.refunds)
    return new StepResponse(planOrderCreditRevocations(state, records))
  }
)
