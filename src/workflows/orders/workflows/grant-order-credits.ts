import { acquireLockStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { grantOrderLineCreditsStep } from "../steps/grant-order-line-credits"
import { planOrderCreditGrantsStep } from "../steps/plan-order-credit-grants"
import { orderCreditsLockKey, type OrderCreditsTrigger } from "../order-credit-state"
import { findOrderCreditPacksStep } from "../steps/find-order-credit-packs"
import { loadOrderCreditStateStep } from "../steps/load-order-credit-state"
import { resolveCreditPackWalletsStep } from "../steps/resolve-credit-pack-wallets"

export type GrantOrderCreditsInput = OrderCreditsTrigger

/**
 * Grants the credits of an order's credit packs once its payment is captured: one grant per
 * order line (quantity × the package's credits) into the wallet the package fills (buyer, the
 * buyer's company group, or the sales channel). Safe to run any number of times for the same
 * order, from any event: lines that have their grant are left alone.
 *
 * 1. find the order (from `order_id`, or `payment_id` through its payment collection) and stop
 *    unless it has credit-pack lines;
 * 2. take the order's lock (the grant and revoke workflows of one order never interleave) and
 *    read its lines and payment state;
 * 3. unless every payment is captured and the order is not canceled, stop;
 * 4. resolve the wallet of each line, work out the missing grants, grant them (compensation
 *    takes them back; see `grantOrderLineCreditsStep`);
 * 5. release the lock.
 *
 * `revocation_due` tells the caller that the order was already canceled or refunded when it
 * was granted (events raced): run `revokeOrderCreditsWorkflow` next.
 */
export const grantOrderCreditsWorkflow = createWorkflow(
  "ai-credits-grant-order-credits",
  (input: GrantOrderCreditsInput) => {
    const found = findOrderCreditPacksStep(input)
    const lockKey = transform({ found }, ({ found }) =>
      found.order_id && found.has_credit_packs ? orderCreditsLockKey(found.order_id) : undefined
    )
    acquireLockStep({ key: lockKey, timeout: 30, ttl: 120, executeOnSubWorkflow: true })

    const state = when("ai-credits-grant-order-has-credit-packs", { found }, ({ found }) =>
      Boolean(found.order_id && found.has_credit_packs)
    ).then(() => loadOrderCreditStateStep(transform({ found }, ({ found }) => ({ order_id: found.order_id! }))))

    const granted = when("ai-credits-grant-order-payment-captured", { state }, ({ state }) =>
      Boolean(state && state.captured && !state.canceled && state.lines.length)
    ).then(() => {
      const owners = resolveCreditPackWalletsStep(state!)
      const plan = planOrderCreditGrantsStep(transform({ state, owners }, ({ state, owners }) => ({ state: state!, owners })))
      return grantOrderLineCreditsStep(plan)
    })

    releaseLockStep({ key: lockKey, executeOnSubWorkflow: true })

    const result = transform({ found, state, granted }, ({ found, state, granted }) => ({
      order_id: found.order_id,
      has_credit_packs: found.has_credit_packs,
      captured: Boolean(state?.captured),
      canceled: Boolean(state?.canceled),
      granted: granted?.granted ?? [],
      already_granted: granted?.already_granted ?? [],
      revocation_due: Boolean(state && (state.canceled || state.refunds.length)),
    }))
    return new WorkflowResponse(result)
  }
)
