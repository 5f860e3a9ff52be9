import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  AI_CREDITS_ANALYTICS_MODULE,
  type AiCreditsAnalyticsModuleService,
} from "../../../../../modules/ai-credits-analytics"
import { sendCsv, toCsv } from "../csv"
import { usageCsvColumns, withNames } from "../rows"
import type { AdminAnalyticsOverviewType } from "../validators"

/**
 * The dashboard: totals, splits by module, provider and model, top customers and storefronts,
 * and consumption over time by module. `format=csv&section=...` downloads one part.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminAnalyticsOverviewType>, res: MedusaResponse) => {
  const { from, to, tz, granularity, sales_channel_id, limit, format, section } = req.validatedQuery
  const analytics: AiCreditsAnalyticsModuleService = req.scope.resolve(AI_CREDITS_ANALYTICS_MODULE)
  const overview = await analytics.getOverview({ from, to, granularity, time_zone: tz, sales_channel_id, limit })
  const top_customers = await withNames(req.scope, overview.top_customers)
  const top_sales_channels = await withNames(req.scope, overview.top_sales_channels)
  const named = { ...overview, top_customers, top_sales_channels }
  if (format === "csv") {
    const rows = section === "totals" ? [named.totals] : named[section]
    sendCsv(res, `ai-usage-${section.replace(/_/g, "-")}`, { from, to }, toCsv(rows, usageCsvColumns(rows)))
    return
  }
  res.json({
    range: { from: from.toISOString(), to: to.toISOString(), granularity, tz, sales_channel_id: sales_channel_id ?? null },
    ...named,
  })
}
