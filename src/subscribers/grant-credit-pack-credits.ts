import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderWorkflowEvents, PaymentEvents } from "@medusajs/framework/utils"
import { grantOrderCreditsWorkflow, revokeOrderCreditsWorkflow, runAlertingOrderCreditsFailure } from "../workflows"

/**
 * Credit packs bought through the store's checkout grant their credits when the order's payment
 * is captured:
 *
 * - `payment.captured` (`{ id }` of the payment): an admin capture, or a provider webhook. It
 *   fires for every capture, partial ones too; the workflow grants once all is captured.
 * - `order.placed` (`{ id }` of the order): providers that capture at authorization (automatic
 *   capture) never emit `payment.captured`, so the order is checked when it is placed. With an
 *   authorize-only provider (the system provider, Stripe manual capture) it grants nothing yet.
 *
 * Both run the same idempotent workflow: each order line is granted once however often, and in
 * whatever order, these events arrive. When the order was already canceled or refunded by the
 * time it was granted, the revoke workflow runs next. A failure raises an admin alert and goes
 * back to the event bus (which retries where it can); `POST /admin/ai-credits/orders/:id/sync`
 * runs it again by hand.
 */
export default async function grantCreditPackCredits({ event, container }: SubscriberArgs<{ id: string }>) {
  const input = event.name === PaymentEvents.CAPTURED ? { payment_id: event.data.id } : { order_id: event.data.id }
  await runAlertingOrderCreditsFailure(container, event, input, "granting", async () => {
    const { result } = await grantOrderCreditsWorkflow(container).run({ input })
    if (result.revocation_due && result.order_id) {
      await revokeOrderCreditsWorkflow(container).run({ input: { order_id: result.order_id } })
    }
  })
}

export const config: SubscriberConfig = {
  event: [PaymentEvents.CAPTURED, OrderWorkflowEvents.PLACED],
  context: { subscriberId: "ai-credits-grant-credit-pack-credits" },
}
