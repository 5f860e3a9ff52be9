import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderWorkflowEvents, PaymentEvents } from "@medusajs/framework/utils"
import { revokeOrderCreditsWorkflow, runAlertingOrderCreditsFailure } from "../workflows"

/**
 * A canceled or refunded order takes back the credits of its credit packs that are still
 * unused; what was already spent is recorded as the shortfall and shown to the admin:
 *
 * - `order.canceled` (`{ id }` of the order): everything left of the order's grants.
 * - `payment.refunded` (`{ id }` of the payment): each refund takes back its share of the
 *   credits, in proportion to the money refunded out of the money captured.
 *
 * The workflow works from the order's state, so repeated or out-of-order events revoke each
 * share once. A failure raises an admin alert and goes back to the event bus.
 */
export default async function revokeCreditPackCredits({ event, container }: SubscriberArgs<{ id: string }>) {
  const input = event.name === PaymentEvents.REFUNDED ? { payment_id: event.data.id } : { order_id: event.data.id }
  await runAlertingOrderCreditsFailure(container, event, input, "revoking", () =>
    revokeOrderCreditsWorkflow(container).run({ input })
  )
}

export const config: SubscriberConfig = {
  event: [OrderWorkflowEvents.CANCELED, PaymentEvents.REFUNDED],
  context: { subscriberId: "ai-credits-revoke-credit-pack-credits" },
}
