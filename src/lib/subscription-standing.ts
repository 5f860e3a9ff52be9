import type { MedusaContainer } from "@medusajs/framework/types"
import { AI_CREDITS_BILLING_MODULE } from "../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../modules/ai-credits-billing/service"
import type { PlanFallback } from "../modules/ai-credits-billing/types"

/**
 * A customer's live subscription, as metering needs it: the plan (quota rules scoped to a plan
 * match its subscribers) and whether it is past due (then their own wallet does not pay, the payer
 * chain moves on, and the plan's fallback, when it has one, replaces the AI module's).
 */
export type SubscriptionStanding = { subscription_id: string; plan_id: string; past_due: boolean; fallback: PlanFallback | null }

/** How long a customer's standing is cached; the server that changes it forgets it at once. */
const STANDING_TTL_MS = 5_000
const standingCache = new Map<string, { standing: Promise<SubscriptionStanding | null>; at: number }>()

/**
 * The customer's live subscription in short; null when they have none (or without the billing
 * module). One authorization asks several times (payers, quotas, prices, fallback): all share one
 * read, as do concurrent requests of the same customer.
 */
export function subscriptionStanding(container: MedusaContainer, customerId: string): Promise<SubscriptionStanding | null> {
  const cached = standingCache.get(customerId)
  if (cached && Date.now() - cached.at < STANDING_TTL_MS) {
    return cached.standing
  }
  if (standingCache.size > 10_000) {
    standingCache.clear()
  }
  const standing = readStanding(container, customerId)
  standingCache.set(customerId, { standing, at: Date.now() })
  // A failed read is not kept: the next request reads again.
  standing.catch(() => standingCache.delete(customerId))
  return standing
}

async function readStanding(container: MedusaContainer, customerId: string): Promise<SubscriptionStanding | null> {
  if (!container.hasRegistration(AI_CREDITS_BILLING_MODULE)) {
    return null
  }
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const [subscription] = await billing.listAiCreditSubscriptions(
    { customer_id: customerId, status: { $ne: "canceled" } },
    { relations: ["plan"], take: 1 }
  )
  return subscription
    ? {
        past_due: subscription.status === "past_due",
        subscription_id: subscription.id,
        plan_id: subscription.plan.id,
        fallback: (subscription.plan.past_due_fallback as PlanFallback | null) ?? null,
      }
    : null
}

/** Reads the customer's standing again on their next request (after a status change). */
export function forgetSubscriptionStanding(customerId: string) {
  standingCache.delete(customerId)
}
