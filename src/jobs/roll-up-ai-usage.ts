import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  AI_CREDITS_ANALYTICS_MODULE,
  type AiCreditsAnalyticsModuleService,
} from "../modules/ai-credits-analytics"

/**
 * Rolls new usage events and refunds up into the analytics rollups, so that dashboards stay fast
 * at tens of millions of events. Answers never wait for it: the analytics queries add the events
 * since the last roll-up. Runs every minute; two overlapping runs cannot count anything twice
 * (the second one skips), and a run stops starting batches before the next one is due.
 */
export default async function rollUpAiUsageJob(container: MedusaContainer) {
  const analytics: AiCreditsAnalyticsModuleService = container.resolve(AI_CREDITS_ANALYTICS_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const result = await analytics.rollUpUsage({ time_budget_ms: 45_000 })
  if (result.skipped) {
    logger.debug("ai-credits: usage roll-up skipped, another run holds it")
    return
  }
  if (result.events || result.refunds) {
    logger.info(
      `ai-credits: rolled up ${result.events} usage event(s) and ${result.refunds} refund(s) to ${result.rolled_up_to}`
    )
  }
  if (!result.caught_up) {
    logger.info(`ai-credits: usage roll-up continues next minute (at ${result.rolled_up_to})`)
  }
}

export const config = {
  name: "ai-credits-roll-up-usage",
  schedule: "* * * * *",
}
