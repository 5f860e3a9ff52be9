import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, OrderWorkflowEvents, PaymentEvents } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import type AiCreditsModuleService from "../modules/ai-credits/service"
import { revokeOrderCreditsWorkflow } from "../workflows"

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
  try {
    await revokeOrderCreditsWorkflow(container).run({ input })
  } catch (error) {
    const message = (error as Error)?.message ?? String(error)
    const logger: Logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    logger.error(`ai-credits: revoking the credit packs of ${event.name} ${event.data.id} failed: ${message}`)
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits
      .raiseAlert({
        type: "order_credits_failed",
        severity: "critical",
        message: `Credit packs of ${event.name} ${event.data.id} could not be revoked: ${message}`,
        dedupe_key: `order_credits_failed:${event.name}:${event.data.id}`,
        data: { event: event.name, ...input, error: message },
      })
      .catch(() => undefined)
    throw error
  }
}

export const config: SubscriberConfig = {
  event: [OrderWorkflowEvents.CANCELED, PaymentEvents.REFUNDED],
  context: { subscriberId: "ai-credits-revoke-credit-pack-credits" },
}
