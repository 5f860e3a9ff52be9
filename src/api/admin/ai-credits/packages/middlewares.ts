import type { MiddlewareRoute } from "@medusajs/framework/http"
import { AdminCreateCreditPackage, AdminListCreditPackages, AdminUpdateCreditPackage } from "./validators"
import { withBody, withQuery } from "../../../utils/middleware-routes"

/** Validators of the credit package routes; spread into src/api/middlewares.ts. */
export const packageRoutes: MiddlewareRoute[] = [
  withQuery("/admin/ai-credits/packages", AdminListCreditPackages),
  withBody("/admin/ai-credits/packages", AdminCreateCreditPackage),
  withBody("/admin/ai-credits/packages/:id", AdminUpdateCreditPackage),
]
