import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import { parseDecimal, proportionalCredits, sumDecimals } from "./order-credit-math"
import {
  cancelRevocationKey,
  loadOrderCreditRecords,
  OrderCreditRecords,
  OrderCreditState,
  refundRevocationKey,
} from "./order-credit-state"

/** One revocation to write: take up to `amount` unspent credits back from one grant. */
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

export type RevokedOrderLine = {
  wallet_id: string
  grant_id: string
  line_item_id: string | null
  idempotency_key: string
  cause: "order_canceled" | "order_refunded"
  refund_id: string | null
  requested: number
  taken: number
  /** Credits of the grant that were already spent (or held, or expired): recorded, not taken. */
  shortfall: number
  replayed: boolean
}

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

export type RaiseOrderShortfallAlertStepInput = {
  order_id: string
  cause: "order_canceled" | "order_refunded" | null
  revoked: RevokedOrderLine[]
}

/** The alert of an order whose revocations fell short: one per order while it is open. */
export const orderShortfallAlertKey = (orderId: string) => `refund_shortfall:order:${orderId}`

/**
 * Tells the admin when a cancel or refund could not take back all of an order's credits
 * (some were already spent): an alert of type `refund_shortfall`, one per order while open
 * (a later shortfall of the same order counts another occurrence). A revocation that only
 * replayed raises it only if the order never had one, so a retried run still raises it and a
 * replayed event does not count again. Returns the alert, or null when nothing fell short.
 * An alert is information, not a change to undo: there is no compensation (resolving it would
 * hide the shortfall from the run that retries).
 */
export const raiseOrderShortfallAlertStep = createStep(
  "ai-credits-raise-order-shortfall-alert",
  async (input: RaiseOrderShortfallAlertStepInput, { container }) => {
    const short = input.revoked.filter((r) => r.shortfall > 0)
    if (!short.length) {
      return new StepResponse(null)
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const dedupeKey = orderShortfallAlertKey(input.order_id)
    if (short.every((r) => r.replayed)) {
      const [existing] = await credits.listAiCreditAlerts({ dedupe_key: dedupeKey }, { take: 1, select: ["id"] })
      if (existing) {
        return new StepResponse(null)
      }
    }
    const total = short.reduce((sum, r) => sum + r.shortfall, 0)
    const what = input.cause === "order_canceled" ? "canceled" : "refunded"
    const alert = await credits.raiseAlert({
      type: "refund_shortfall",
      severity: "warning",
      message:
        `Order ${input.order_id} was ${what}, but ${total} of the credits it granted could not be taken back ` +
        `(already spent, held or expired).`,
      dedupe_key: dedupeKey,
      wallet_id: short[0].wallet_id,
      data: {
        order_id: input.order_id,
        cause: input.cause,
        shortfall: total,
        lines: short.map((r) => ({
          line_item_id: r.line_item_id,
          grant_id: r.grant_id,
          wallet_id: r.wallet_id,
          refund_id: r.refund_id,
          requested: r.requested,
          taken: r.taken,
          shortfall: r.shortfall,
          idempotency_key: r.idempotency_key,
        })),
      },
    })
    return new StepResponse(alert)
  }
)
