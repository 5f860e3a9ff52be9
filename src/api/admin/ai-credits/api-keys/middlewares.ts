import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCreateServerApiKey, AdminListServerApiKeys } from "./validators"

/** Validators of the server API key routes; spread into src/api/middlewares.ts. */
export const apiKeyRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/ai-credits/api-keys",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListServerApiKeys, { defaults: ["id"], isList: true })],
  },
  {
    matcher: "/admin/ai-credits/api-keys",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminCreateServerApiKey)],
  },
]
