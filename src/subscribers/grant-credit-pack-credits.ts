import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, OrderWorkflowEvents, PaymentEvents } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import type AiCreditsModuleService from "../modules/ai-credits/service"
import { grantOrderCreditsWorkflow, revokeOrderCreditsWorkflow } from "../workflows"

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
  try {
    const { result } = await grantOrderCreditsWorkflow(container).run({ input })
    if (result.revocation_due && result.order_id) {
      await revokeOrderCreditsWorkflow(container).run({ input: { order_id: result.order_id } })
    }
  } catch (error) {
    const message = (error as Error)?.message ?? String(error)
    const logger: Logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    logger.error(`ai-credits: granting the credit packs of ${event.name} ${event.data.id} failed: ${message}`)
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits
      .raiseAlert({
        type: "order_credits_failed",
        severity: "critical",
        message: `Credit packs of ${event.name} ${event.data.id} could not be granted: ${message}`,
        dedupe_key: `order_credits_failed:${event.name}:${event.data.id}`,
        data: { event: event.name, ...input, error: message },
      })
      .catch(() => undefined)
    throw error
  }
}

export const config: SubscriberConfig = {
  event: [PaymentEvents.CAPTURED, OrderWorkflowEvents.PLACED],
  context: { subscriberId: "ai-credits-grant-credit-pack-credits" },
}
