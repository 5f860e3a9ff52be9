import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  AI_CREDITS_ANALYTICS_MODULE,
  type AiCreditsAnalyticsModuleService,
} from "../../../../../modules/ai-credits-analytics"
import { sendCsv, toCsv } from "../csv"
import { usageCsvColumns, withNames } from "../rows"
import type { AdminAnalyticsUsageType } from "../validators"

/**
 * Usage over time: one row per bucket (hour, day or month in `tz`) and group (module, provider,
 * model, sales channel or customer), with optional filters. `format=csv` downloads the rows.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminAnalyticsUsageType>, res: MedusaResponse) => {
  const q = req.validatedQuery
  const analytics: AiCreditsAnalyticsModuleService = req.scope.resolve(AI_CREDITS_ANALYTICS_MODULE)
  const filters = {
    module: q.module,
    provider: q.provider,
    model: q.model,
    sales_channel_id: q.sales_channel_id,
    customer_id: q.customer_id,
  }
  const result = await analytics.queryUsage({
    from: q.from,
    to: q.to,
    granularity: q.granularity,
    time_zone: q.tz,
    group_by: q.group_by ? [q.group_by] : [],
    filters,
    limit: q.group_by ? q.limit : undefined,
  })
  const rows = await withNames(req.scope, result.rows)
  if (q.format === "csv") {
    sendCsv(res, `ai-usage-by-${q.granularity}${q.group_by ? `-and-${q.group_by.replace(/_/g, "-")}` : ""}`, q, toCsv(rows, usageCsvColumns(rows)))
    return
  }
  res.json({
    range: { from: q.from.toISOString(), to: q.to.toISOString(), granularity: q.granularity, tz: q.tz },
    group_by: q.group_by ?? null,
    filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
    rows,
    buckets: result.buckets,
    rolled_up_to: result.rolled_up_to,
  })
}
