import type { MiddlewareRoute } from "@medusajs/framework/http"

/** Validators of the analytics routes; spread into src/api/middlewares.ts. */
export const analyticsRoutes: MiddlewareRoute[] = []
