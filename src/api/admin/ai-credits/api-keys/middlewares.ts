import type { MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCreateServerApiKey, AdminListServerApiKeys } from "./validators"
import { withBody, withQuery } from "../../../utils/middleware-routes"

/** Validators of the server API key routes; spread into src/api/middlewares.ts. */
export const apiKeyRoutes: MiddlewareRoute[] = [
  withQuery("/admin/ai-credits/api-keys", AdminListServerApiKeys),
  withBody("/admin/ai-credits/api-keys", AdminCreateServerApiKey),
]
