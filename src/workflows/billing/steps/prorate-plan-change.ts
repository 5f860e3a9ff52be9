import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { DAY_MS, PLAN_CREDITS_GRACE_MS, PLAN_GRANT_PRIORITY, SUBSCRIPTION_REFERENCE, type PlanDTO, type SubscriptionWithPlan } from "../../../modules/ai-credits-billing"
import { Granted, Revoked, credits, epoch, liveGrants, restoreRevoked, subscriberWallet, takeBackGrants } from "../subscription-credits"

export type ProratePlanChangeInput = {
  subscription: SubscriptionWithPlan
  new_plan: PlanDTO
  /** When the change took effect (the Stripe event's time): the share of the period left from then. */
  changed_at: string
}

/**
 * Prorates a plan change inside the current period: an upgrade grants the difference in monthly
 * credits for the share of the period left, a downgrade takes that much back from this period's
 * plan credits (as far as they are unspent). Both say so in the ledger. Compensation undoes it.
 */
export const proratePlanChangeStep = createStep(
  "ai-credits-prorate-plan-change",
  async ({ subscription, new_plan, changed_at }: ProratePlanChangeInput, { container }) => {
    const { plan } = subscription
    const start = subscription.current_period_start ? new Date(subscription.current_period_start).getTime() : null
    const end = subscription.current_period_end ? new Date(subscription.current_period_end).getTime() : null
    const difference = new_plan.monthly_credits - plan.monthly_credits
    if (start === null || end === null || end <= start || difference === 0) {
      return new StepResponse({ prorated: 0, share: "0" }, null)
    }
    const left = Math.min(Math.max(end - new Date(changed_at).getTime(), 0), end - start)
    // Whole credits, rounded down (in the customer's favour on a downgrade), in exact integer arithmetic.
    const prorated = Number((BigInt(Math.abs(difference)) * BigInt(left)) / BigInt(end - start))
    const days = `${Math.round(left / DAY_MS)} of ${Math.round((end - start) / DAY_MS)} days left`
    const key = `sub:${subscription.id}:change:${plan.id}:${new_plan.id}:${epoch(changed_at)}`
    if (prorated === 0) {
      return new StepResponse({ prorated: 0, share: days }, null)
    }
    if (difference > 0) {
      const result = await credits(container).grantCredits({
        ...subscriberWallet(subscription),
        amount: prorated,
        source: "plan",
        priority: PLAN_GRANT_PRIORITY,
        expires_at: new Date(end + PLAN_CREDITS_GRACE_MS),
        reason: `upgrade from ${plan.name} to ${new_plan.name}: ${difference} credits a month prorated for ${days} = ${prorated}`,
        actor: { type: "webhook" },
        idempotency_key: key,
        reference_type: SUBSCRIPTION_REFERENCE,
        reference_id: subscription.id,
        metadata: { plan_id: new_plan.id, from_plan_id: plan.id, prorated: true },
      })
      const granted: Granted[] = result.replayed ? [] : [{ wallet_id: result.balance.wallet_id, grant_id: result.grant.id, amount: prorated, key }]
      return new StepResponse({ prorated, share: days }, { granted, revoked: [] as Revoked[] })
    }
    let left_to_take = prorated
    const revoked: Revoked[] = []
    for (const grant of await liveGrants(container, subscription.id, ["plan"])) {
      if (left_to_take <= 0 || grant.modules?.length) {
        // Module allowances change with the next period.
        continue
      }
      const result = await credits(container).debitCredits({
        wallet_id: grant.wallet_id,
        grant_id: grant.id,
        amount: left_to_take,
        mode: "up_to",
        entry_type: "revoke",
        reason: `downgrade from ${plan.name} to ${new_plan.name}: ${-difference} credits a month prorated for ${days} = ${prorated}`,
        actor: { type: "webhook" },
        idempotency_key: `${key}:${grant.id}`,
      })
      left_to_take -= result.taken
      if (!result.replayed && result.grants?.length) {
        revoked.push({ wallet_id: grant.wallet_id, grants: result.grants, key: `${key}:${grant.id}` })
      }
    }
    return new StepResponse(
      { prorated: -(prorated - left_to_take), share: days, already_spent: left_to_take },
      { granted: [] as Granted[], revoked }
    )
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    await takeBackGrants(container, compensation.granted)
    await restoreRevoked(container, compensation.revoked)
  }
)
