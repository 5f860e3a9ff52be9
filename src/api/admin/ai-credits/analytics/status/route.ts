import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  AI_CREDITS_ANALYTICS_MODULE,
  type AiCreditsAnalyticsModuleService,
} from "../../../../../modules/ai-credits-analytics"

/** Where the usage roll-up stands (the `ai-credits-roll-up-usage` job), for the admin's jobs page. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const analytics: AiCreditsAnalyticsModuleService = req.scope.resolve(AI_CREDITS_ANALYTICS_MODULE)
  res.json({ rollup: await analytics.getRollupStatus() })
}
