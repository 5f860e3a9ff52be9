import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type Stripe from "stripe"
import { stripeSubscriptionIdOf } from "../../modules/ai-credits-billing"
import { handleStripeEventWorkflow } from "./workflows/handle-stripe-event"
import { renewInvoicedSubscriptionWorkflow, type RenewInvoicedSubscriptionInput } from "./workflows/renew-invoiced-subscription"

/** How long a run waits for another run of the same subscription to finish, in seconds. */
const LOCK_WAIT_SECONDS = 30

/**
 * Runs `run` holding `key` for as long as it runs. Not a lock step with a TTL: a run longer than
 * the TTL (a slow Stripe API, a busy database) would lose the lock half-way and a second run of
 * the same subscription would start beside it. The locking module's `execute` holds the lock
 * until `run` ends (the Redis provider renews a short lease underneath, which frees it if this
 * server dies).
 */
async function whileLocked<T>(container: MedusaContainer, key: string, run: () => Promise<T>): Promise<T> {
  return await container.resolve(Modules.LOCKING).execute(key, run, { timeout: LOCK_WAIT_SECONDS })
}

export const stripeEventLockKey = (event: Stripe.Event) => `ai-credits:stripe:${stripeSubscriptionIdOf(event) ?? event.id}`
export const subscriptionRenewalLockKey = (subscriptionId: string) => `ai-credits:subscription:${subscriptionId}`

/**
 * Handles one verified Stripe event (`handleStripeEventWorkflow`), the events of one subscription
 * one at a time.
 */
export async function handleStripeEvent(container: MedusaContainer, event: Stripe.Event) {
  return await whileLocked(container, stripeEventLockKey(event), async () => {
    const { result } = await handleStripeEventWorkflow(container).run({ input: { event } })
    return result
  })
}

/**
 * Renews one subscription invoiced outside Stripe (`renewInvoicedSubscriptionWorkflow`), one
 * renewal of a subscription at a time (several servers run the job).
 */
export async function renewInvoicedSubscription(container: MedusaContainer, input: RenewInvoicedSubscriptionInput) {
  return await whileLocked(container, subscriptionRenewalLockKey(input.subscription_id), async () => {
    const { result } = await renewInvoicedSubscriptionWorkflow(container).run({ input })
    return result
  })
}
