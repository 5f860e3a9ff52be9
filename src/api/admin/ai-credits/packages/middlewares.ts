import { validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCreateCreditPackage, AdminListCreditPackages, AdminUpdateCreditPackage } from "./validators"

/** Validators of the credit package routes; spread into src/api/middlewares.ts. */
export const packageRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/ai-credits/packages",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListCreditPackages, { defaults: ["id"], isList: true })],
  },
  {
    matcher: "/admin/ai-credits/packages",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminCreateCreditPackage)],
  },
  {
    matcher: "/admin/ai-credits/packages/:id",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminUpdateCreditPackage)],
  },
]
