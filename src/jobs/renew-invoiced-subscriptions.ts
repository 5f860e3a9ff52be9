import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AI_CREDITS_BILLING_MODULE } from "../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../modules/ai-credits-billing/service"
import { renewInvoicedSubscription } from "../workflows"

/**
 * Renews the subscriptions invoiced outside Stripe whose period has ended (see
 * `renewInvoicedSubscription`). Safe to run on several servers at once. Returns what each
 * renewal did.
 */
export async function renewInvoicedSubscriptions(container: MedusaContainer, now = new Date()) {
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const due = await billing.listAiCreditSubscriptions(
    { billing: "invoice", status: { $in: ["active", "past_due"] }, current_period_end: { $lte: now } },
    { take: 1000, order: { current_period_end: "ASC" }, select: ["id"] }
  )
  const renewed: { subscription_id: string; skipped_periods: number; ended: boolean }[] = []
  for (const { id } of due) {
    const result = await renewInvoicedSubscription(container, { subscription_id: id, now: now.toISOString() })
    if (result) {
      renewed.push(result)
    }
  }
  return renewed
}

/** Opens the next period of plans invoiced outside Stripe (enterprise contracts). */
export default async function renewInvoicedSubscriptionsJob(container: MedusaContainer) {
  const renewed = await renewInvoicedSubscriptions(container)
  if (renewed.length) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`ai-credits: renewed ${renewed.length} invoiced subscription(s)`)
  }
}

export const config = {
  name: "ai-credits-renew-invoiced-subscriptions",
  schedule: "*/10 * * * *",
}
