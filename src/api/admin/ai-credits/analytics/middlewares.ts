import type { MiddlewareRoute } from "@medusajs/framework/http"
import {
  AdminAnalyticsOverview,
  AdminAnalyticsRoi,
  AdminAnalyticsStatus,
  AdminAnalyticsUsage,
  AdminUpdateRoiSettings,
} from "./validators"
import { withBody, withQuery } from "../../../utils/middleware-routes"

/** The analytics routes answer one object; nothing here is a paginated list. */
const queryConfig = { defaults: [], isList: false }

/** Validators of the analytics routes; spread into src/api/middlewares.ts. */
export const analyticsRoutes: MiddlewareRoute[] = [
  withQuery("/admin/ai-credits/analytics/overview", AdminAnalyticsOverview, queryConfig),
  withQuery("/admin/ai-credits/analytics/usage", AdminAnalyticsUsage, queryConfig),
  withQuery("/admin/ai-credits/analytics/roi", AdminAnalyticsRoi, queryConfig),
  withBody("/admin/ai-credits/analytics/roi/settings", AdminUpdateRoiSettings),
  withQuery("/admin/ai-credits/analytics/status", AdminAnalyticsStatus, queryConfig),
]
