import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ROLLOVER_GRANT_PRIORITY, SUBSCRIPTION_REFERENCE, DAY_MS, type RolloverPolicy, type SubscriptionWithPlan } from "../../../modules/ai-credits-billing"
import { Granted, credits, epoch, liveGrants, restoreRevoked, revokeGrants, subscriberWallet, takeBackGrants } from "../subscription-credits"

/** What the ledger says when a period's unused plan credits are taken back, by rollover policy. */
const PERIOD_END_REASONS: Record<RolloverPolicy, string> = {
  reset: "plan period ended: unused credits reset",
  rollover_capped: "plan period ended: unused credits roll over, up to the plan's cap",
  rollover_expiring: "plan period ended: unused credits roll over, expiring",
}

export type ClosePlanPeriodInput = { subscription: SubscriptionWithPlan; new_period_start: string }

/**
 * Closes the subscription's current period before the next one opens: what is left of its plan
 * credits is revoked (module allowances always reset), and under a rollover policy granted again
 * as `rollover` credits:
 * - `rollover_capped`: with what is left of earlier rollovers, up to `rollover_cap`, no expiry;
 * - `rollover_expiring`: expiring `rollover_expiry_days` after the new period starts (capped by
 *   `rollover_cap` when set); earlier rollovers keep their own expiry.
 * Compensation puts the revoked credits back and takes the rollover grant back.
 */
export const closePlanPeriodStep = createStep(
  "ai-credits-close-plan-period",
  async ({ subscription, new_period_start }: ClosePlanPeriodInput, { container }) => {
    const { plan } = subscription
    const closing = subscription.current_period_start ? epoch(subscription.current_period_start) : "none"
    const keyPrefix = `sub:${subscription.id}:close:${closing}`
    const rolls = plan.rollover_policy !== "reset"
    const planGrants = await liveGrants(container, subscription.id, ["plan"])
    const earlierRollovers = plan.rollover_policy === "rollover_capped" ? await liveGrants(container, subscription.id, ["rollover"]) : []
    const reason = PERIOD_END_REASONS[plan.rollover_policy]
    // Module allowances never roll over: they would become credits any module could spend.
    const allowances = planGrants.filter((grant) => grant.modules?.length)
    const general = planGrants.filter((grant) => !grant.modules?.length)
    const { taken, revoked } = await revokeGrants(container, [...general, ...earlierRollovers], keyPrefix, reason)
    const allowancesReset = await revokeGrants(container, allowances, keyPrefix, "plan period ended: module allowance reset")
    revoked.push(...allowancesReset.revoked)
    const carried = rolls ? Math.min(taken, plan.rollover_cap ?? taken) : 0
    const granted: Granted[] = []
    if (carried > 0) {
      const key = `sub:${subscription.id}:rollover:${epoch(new_period_start)}`
      const expiresAt =
        plan.rollover_policy === "rollover_expiring" && plan.rollover_expiry_days
          ? new Date(new Date(new_period_start).getTime() + plan.rollover_expiry_days * DAY_MS)
          : null
      const result = await credits(container).grantCredits({
        ...subscriberWallet(subscription),
        amount: carried,
        source: "rollover",
        priority: ROLLOVER_GRANT_PRIORITY,
        expires_at: expiresAt,
        reason: `rolled over ${carried} of ${taken} unused credits${plan.rollover_cap !== null && taken > carried ? ` (cap ${plan.rollover_cap})` : ""}`,
        actor: { type: "webhook" },
        idempotency_key: key,
        reference_type: SUBSCRIPTION_REFERENCE,
        reference_id: subscription.id,
        metadata: { plan_id: plan.id, period_start: new_period_start },
      })
      if (!result.replayed) {
        granted.push({ wallet_id: result.balance.wallet_id, grant_id: result.grant.id, amount: carried, key })
      }
    }
    return new StepResponse({ unused: taken, rolled_over: carried }, { revoked, granted })
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    await takeBackGrants(container, compensation.granted)
    await restoreRevoked(container, compensation.revoked)
  }
)
