import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ThresholdReachedData, ThresholdReachedEvent } from "../modules/ai-credits/service"
import { notifyThresholdReachedWorkflow } from "../workflows/alerts"

/** A wallet crossed a budget threshold or its low-balance mark: tell the admins and the owner. */
export default async function notifyAiCreditThreshold({ event, container }: SubscriberArgs<ThresholdReachedData>) {
  await notifyThresholdReachedWorkflow(container).run({ input: event.data })
}

export const config: SubscriberConfig = { event: ThresholdReachedEvent }
