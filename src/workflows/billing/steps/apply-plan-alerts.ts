import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SubscriptionWithPlan } from "../../../modules/ai-credits-billing"
import { credits, subscriberWallet } from "../subscription-credits"

/** Marks the budget a plan set on a wallet, so an admin's own budget is never overwritten. */
const BUDGET_FROM_PLAN = "ai_credits_budget_from_plan"

/**
 * A plan with `alert_thresholds` watches its subscribers' use: each period sets the subscriber's
 * wallet to a notify-only monthly budget of the plan's credits with the plan's thresholds, so the
 * wallet's owner and the admins hear when, say, 80 % of this month's plan credits are used. A
 * budget an admin set on the wallet stays as it is. Compensation puts the previous settings back.
 */
export const applyPlanAlertsStep = createStep(
  "ai-credits-apply-plan-alerts",
  async ({ subscription }: { subscription: SubscriptionWithPlan }, { container }) => {
    const { plan } = subscription
    if (!plan.alert_thresholds?.length) {
      return new StepResponse(null, null)
    }
    const [target] = await credits(container).listAiCreditWallets(subscriberWallet(subscription), { take: 1 })
    // The plan's own earlier budget, untouched since: an admin who changed it keeps theirs.
    const mark = (target?.metadata as Record<string, { cap?: number } | undefined> | null)?.[BUDGET_FROM_PLAN]
    const setByPlan = Boolean(mark) && target.monthly_spend_cap === mark!.cap && target.monthly_cap_action === "notify"
    if (!target || (target.monthly_spend_cap !== null && !setByPlan)) {
      return new StepResponse(null, null)
    }
    const previous = {
      id: target.id,
      monthly_spend_cap: target.monthly_spend_cap,
      monthly_cap_action: target.monthly_cap_action,
      alert_thresholds: target.alert_thresholds,
      metadata: target.metadata,
    }
    await credits(container).updateAiCreditWallets({
      id: target.id,
      monthly_spend_cap: plan.monthly_credits,
      monthly_cap_action: "notify",
      // Boundary cast: the wallet model types its JSON column as an object; a plan's thresholds are a list of percentages.
      alert_thresholds: plan.alert_thresholds as unknown as Record<string, unknown> | null,
      metadata: { ...(target.metadata ?? {}), [BUDGET_FROM_PLAN]: { plan_id: plan.id, cap: plan.monthly_credits } },
    })
    return new StepResponse({ wallet_id: target.id }, previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await credits(container).updateAiCreditWallets(previous)
    }
  }
)
