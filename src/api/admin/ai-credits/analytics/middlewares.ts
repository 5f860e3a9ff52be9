import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import {
  AdminAnalyticsOverview,
  AdminAnalyticsRoi,
  AdminAnalyticsStatus,
  AdminAnalyticsUsage,
  AdminUpdateRoiSettings,
} from "./validators"

/** The analytics routes answer one object; nothing here is a paginated list. */
const queryConfig = { defaults: [], isList: false }

/** Validators of the analytics routes; spread into src/api/middlewares.ts. */
export const analyticsRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/ai-credits/analytics/overview",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminAnalyticsOverview, queryConfig)],
  },
  {
    matcher: "/admin/ai-credits/analytics/usage",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminAnalyticsUsage, queryConfig)],
  },
  {
    matcher: "/admin/ai-credits/analytics/roi",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminAnalyticsRoi, queryConfig)],
  },
  {
    matcher: "/admin/ai-credits/analytics/roi/settings",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminUpdateRoiSettings)],
  },
  {
    matcher: "/admin/ai-credits/analytics/status",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminAnalyticsStatus, queryConfig)],
  },
]
