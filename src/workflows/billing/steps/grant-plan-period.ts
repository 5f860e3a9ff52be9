import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PLAN_CREDITS_GRACE_MS, PLAN_GRANT_PRIORITY, SUBSCRIPTION_REFERENCE, type SubscriptionWithPlan } from "../../../modules/ai-credits-billing"
import { Granted, credits, epoch, subscriberWallet, takeBackGrants } from "../subscription-credits"

export type GrantPlanPeriodInput = {
  subscription: SubscriptionWithPlan
  period_start: string
  period_end: string
  /** Who paid for the period: the Stripe invoice, or the enterprise renewal. */
  reference: string
}

/**
 * Grants a period's plan credits: the plan's monthly credits, and each module allowance as a
 * grant only that module may spend. They expire a short grace after the period ends.
 * Compensation takes them back.
 */
export const grantPlanPeriodStep = createStep(
  "ai-credits-grant-plan-period",
  async ({ subscription, period_start, period_end, reference }: GrantPlanPeriodInput, { container }) => {
    const { plan } = subscription
    const expiresAt = new Date(new Date(period_end).getTime() + PLAN_CREDITS_GRACE_MS)
    const parts: { amount: number; modules: string[] | null; suffix: string }[] = [
      { amount: plan.monthly_credits, modules: null, suffix: "" },
      ...Object.entries(plan.module_allowances ?? {}).map(([module, amount]) => ({ amount, modules: [module], suffix: `:${module}` })),
    ]
    const granted: Granted[] = []
    let total = 0
    for (const part of parts.filter((p) => p.amount > 0)) {
      const key = `sub:${subscription.id}:plan:${epoch(period_start)}${part.suffix}`
      const result = await credits(container).grantCredits({
        ...subscriberWallet(subscription),
        amount: part.amount,
        source: "plan",
        priority: PLAN_GRANT_PRIORITY,
        modules: part.modules,
        expires_at: expiresAt,
        reason: `${plan.name}: credits for ${period_start.slice(0, 10)} to ${period_end.slice(0, 10)}${part.modules ? ` (${part.modules[0]} only)` : ""}`,
        actor: { type: "webhook" },
        idempotency_key: key,
        reference_type: SUBSCRIPTION_REFERENCE,
        reference_id: subscription.id,
        metadata: { plan_id: plan.id, period_start, period_end, paid_by: reference },
      })
      total += part.amount
      if (!result.replayed) {
        granted.push({ wallet_id: result.balance.wallet_id, grant_id: result.grant.id, amount: part.amount, key })
      }
    }
    return new StepResponse({ granted: total }, granted)
  },
  async (granted, { container }) => {
    if (granted) {
      await takeBackGrants(container, granted)
    }
  }
)
