import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { OrderWorkflowEvents } from "@medusajs/framework/utils"
import { captureCreditPackOrderWorkflow } from "../workflows"

/**
 * An order of credit packs only is captured as it is placed when the store sells them as
 * digital goods (`credit_packs.capture: "on_order"`); its `payment.captured` then grants the
 * credits (see grant-credit-pack-credits.ts). A failed capture leaves the order to be captured
 * by hand, as any order; the event bus retries where it can.
 */
export default async function captureCreditPackOrders({ event, container }: SubscriberArgs<{ id: string }>) {
  await captureCreditPackOrderWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: OrderWorkflowEvents.PLACED,
  context: { subscriberId: "ai-credits-capture-credit-pack-orders" },
}
