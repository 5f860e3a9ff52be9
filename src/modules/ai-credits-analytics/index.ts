import { Module } from "@medusajs/framework/utils"
import AiCreditsAnalyticsModuleService from "./service"

export const AI_CREDITS_ANALYTICS_MODULE = "ai_credits_analytics"

/**
 * Usage analytics of AI credits: rollups of the ai_credits module's usage events, kept by the
 * `ai-credits-roll-up-usage` job, and the queries of the admin analytics API.
 */
export default Module(AI_CREDITS_ANALYTICS_MODULE, {
  service: AiCreditsAnalyticsModuleService,
})

export { AiCreditsAnalyticsModuleService }
export * from "./types"
