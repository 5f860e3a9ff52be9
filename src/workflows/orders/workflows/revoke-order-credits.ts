import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { orderCreditsLockKey, type OrderCreditsTrigger } from "../order-credit-state"
import { findOrderCreditPacksStep } from "../steps/find-order-credit-packs"
import { loadOrderCreditStateStep } from "../steps/load-order-credit-state"
import { planOrderCreditRevocationsStep } from "../steps/plan-order-credit-revocations"
import { raiseOrderShortfallAlertStep } from "../steps/raise-order-shortfall-alert"
import { revokeOrderLineCreditsStep } from "../steps/revoke-order-line-credits"

export type RevokeOrderCreditsInput = OrderCreditsTrigger

/**
 * Takes back the unused credits of a canceled or refunded order's grants, and tells the admin
 * what could not be taken back. Driven by the order's state, not by the event: any number of
 * runs, in any order, for cancels and (partial) refunds, revoke each share once.
 *
 * 1. find the order (from `order_id`, or `payment_id` through its payment collection) and stop
 *    unless it has credit-pack lines or grants;
 * 2. take the order's lock and read its payment state (refunds, cancel);
 * 3. work out what each grant still owes back (`planOrderCreditRevocations`: everything left on
 *    a cancel, the refunded share on a refund) and revoke it, from that grant only, as far as
 *    its credits are unspent; the ledger entry records `requested` and `shortfall`;
 * 4. when something fell short, raise a `refund_shortfall` alert (one per order);
 * 5. release the lock.
 */
export const revokeOrderCreditsWorkflow = createWorkflow(
  "ai-credits-revoke-order-credits",
  (input: RevokeOrderCreditsInput) => {
    const found = findOrderCreditPacksStep(input)
    const lockKey = transform({ found }, ({ found }) =>
      found.order_id && found.has_credit_packs ? orderCreditsLockKey(found.order_id) : undefined
    )
    acquireLockStep({ key: lockKey, timeout: 30, ttl: 120, executeOnSubWorkflow: true })

    const state = when("ai-credits-revoke-order-has-credit-packs", { found }, ({ found }) =>
      Boolean(found.order_id && found.has_credit_packs)
    ).then(() => loadOrderCreditStateStep(transform({ found }, ({ found }) => ({ order_id: found.order_id! }))))

    const outcome = when("ai-credits-revoke-order-canceled-or-refunded", { state }, ({ state }) =>
      Boolean(state && (state.canceled || state.refunds.length))
    ).then(() => {
      const plan = planOrderCreditRevocationsStep(state!)
      const result = revokeOrderLineCreditsStep(plan)
      const alert = raiseOrderShortfallAlertStep(result)
      return transform({ result, alert }, ({ result, alert }) => ({ ...result, alert_id: alert?.id ?? null }))
    })

    releaseLockStep({ key: lockKey, executeOnSubWorkflow: true })

    const response = transform({ found, outcome }, ({ found, outcome }) => ({
      order_id: found.order_id,
      cause: outcome?.cause ?? null,
      revoked: outcome?.revoked ?? [],
      shortfall: (outcome?.revoked ?? []).reduce((sum, r) => sum + r.shortfall, 0),
      alert_id: outcome?.alert_id ?? null,
    }))
    return new WorkflowResponse(response)
  }
)
