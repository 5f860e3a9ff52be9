import type { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { AI_CREDITS_BILLING_MODULE } from "../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../modules/ai-credits-billing/service"
import { endSubscriptionWorkflow, openPlanPeriodWorkflow } from "../workflows/plan-subscriptions"
import { addMonth } from "../workflows/steps/plan-subscriptions"

/**
 * Renews subscriptions invoiced outside Stripe whose period has ended: the next monthly period
 * opens (rollover or reset as the plan says); one set to cancel at the
 * period's end ends instead. Safe to run on several servers at once: each period's grants are
 * idempotent, and a period already open is not opened again.
 */
export async function renewInvoicedSubscriptions(container: MedusaContainer, now = new Date()) {
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const due = await billing.listAiCreditSubscriptions(
    { billing: "invoice", status: { $in: ["active", "past_due"] }, current_period_end: { $lte: now } },
    { take: 1000, order: { current_period_end: "ASC" } }
  )
  const renewed: { subscription_id: string; skipped_periods: number; ended: boolean }[] = []
  const locking: ILockingModule = container.resolve(Modules.LOCKING)
  for (const { id } of due) {
    // One renewal of a subscription at a time (several servers run the job); read it again inside.
    const result = await locking.execute(`ai-credits:subscription:${id}`, () => renew(container, billing, id, now), { timeout: 30 })
    if (result) {
      renewed.push(result)
    }
  }
  return renewed
}

/** Renews one subscription if it is still due (ends it when it was set to cancel at the period's end). */
async function renew(container: MedusaContainer, billing: AiCreditsBillingModuleService, id: string, now: Date) {
  const subscription = await billing.retrieveAiCreditSubscription(id)
  const periodEnd = subscription.current_period_end ? new Date(subscription.current_period_end) : null
  if (!periodEnd || periodEnd > now || subscription.status === "canceled") {
    return null
  }
  if (subscription.cancel_at_period_end) {
    await endSubscriptionWorkflow(container).run({
      input: { subscription_id: subscription.id, ended_at: periodEnd.toISOString(), reason: "contract ended" },
    })
    return { subscription_id: subscription.id, skipped_periods: 0, ended: true }
  }
  // Months that passed entirely while nothing ran are not granted late: the current one opens.
  let start = periodEnd
  let skipped = 0
  while (addMonth(start) <= now) {
    start = addMonth(start)
    skipped++
  }
  await openPlanPeriodWorkflow(container).run({
    input: {
      subscription_id: subscription.id,
      period_start: start.toISOString(),
      period_end: addMonth(start).toISOString(),
      reference: `contract:${subscription.id}:${start.toISOString().slice(0, 10)}`,
    },
  })
  return { subscription_id: subscription.id, skipped_periods: skipped, ended: false }
}
