import type { MedusaContainer } from "@medusajs/framework/types"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import type { GrantShare } from "../../modules/ai-credits/types"
import { AI_CREDITS_BILLING_MODULE, SUBSCRIPTION_REFERENCE, type SubscriptionDTO } from "../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../modules/ai-credits-billing/service"

/**
 * What the subscription steps share: the subscriber's wallet, a subscription's live grants, and
 * revoking them or taking back new grants (with the compensations that undo each).
 */

export const credits = (container: MedusaContainer): AiCreditsModuleService => container.resolve(AI_CREDITS_MODULE)

/** The subscriber's own wallet. */
export const subscriberWallet = (subscription: Pick<SubscriptionDTO, "customer_id">) => ({
  owner_type: "customer" as const,
  owner_id: subscription.customer_id,
})

/** Unix seconds: the idempotency keys of a period name it by its start. */
export const epoch = (date: Date | string) => Math.floor(new Date(date).getTime() / 1000)

/** The subscription's grants of these sources that still hold credit. */
export async function liveGrants(container: MedusaContainer, subscriptionId: string, sources: string[]) {
  return await credits(container).listAiCreditGrants(
    { reference_type: SUBSCRIPTION_REFERENCE, reference_id: subscriptionId, source: sources, status: "active" },
    { take: 1000, order: { created_at: "ASC" } }
  )
}

export type LiveGrant = Awaited<ReturnType<typeof liveGrants>>[number]

/** A revoke that compensation can undo. */
export type Revoked = { wallet_id: string; grants: GrantShare[]; key: string }

/** Takes back what is left of grants (a revoke entry each, with the reason). */
export async function revokeGrants(
  container: MedusaContainer,
  grants: LiveGrant[],
  keyPrefix: string,
  reason: string
): Promise<{ taken: number; revoked: Revoked[] }> {
  let taken = 0
  const revoked: Revoked[] = []
  for (const grant of grants) {
    const key = `${keyPrefix}:${grant.id}`
    // The grant's full amount, "up to": the same payload on a retry, whatever is left by then.
    const result = await credits(container).debitCredits({
      wallet_id: grant.wallet_id,
      grant_id: grant.id,
      amount: grant.amount,
      mode: "up_to",
      entry_type: "revoke",
      reason,
      actor: { type: "webhook" },
      idempotency_key: key,
    })
    taken += result.taken
    if (!result.replayed && result.grants?.length) {
      revoked.push({ wallet_id: grant.wallet_id, grants: result.grants, key })
    }
  }
  return { taken, revoked }
}

/** Puts revoked credits back (compensation of a revoke). */
export async function restoreRevoked(container: MedusaContainer, revoked: Revoked[]) {
  for (const entry of revoked) {
    await credits(container).creditBack({
      wallet_id: entry.wallet_id,
      grants: entry.grants,
      entry_type: "adjust",
      reason: "revoke rolled back",
      idempotency_key: `${entry.key}:rollback`,
    })
  }
}

/** A grant that compensation can take back. */
export type Granted = { wallet_id: string; grant_id: string; amount: number; key: string }

/** Takes back grants made by a step (compensation of a grant). */
export async function takeBackGrants(container: MedusaContainer, granted: Granted[]) {
  for (const grant of granted) {
    await credits(container).debitCredits({
      wallet_id: grant.wallet_id,
      grant_id: grant.grant_id,
      amount: grant.amount,
      mode: "up_to",
      entry_type: "revoke",
      reason: "grant rolled back",
      idempotency_key: `${grant.key}:rollback`,
    })
  }
}

export const billing = (container: MedusaContainer): AiCreditsBillingModuleService => container.resolve(AI_CREDITS_BILLING_MODULE)

/** The subscription with its plan; 404 when there is none. */
export async function retrieveSubscription(container: MedusaContainer, id: string) {
  return await billing(container).retrieveSubscriptionWithPlan(id)
}
