import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import {
  AdminCreatePlan,
  AdminCreateSubscription,
  AdminListPlans,
  AdminListSubscriptions,
  AdminUpdateAutoTopUp,
  AdminUpdatePlan,
  StoreSaveAutoTopUp,
  StoreStartSubscription,
} from "./validators"
import { route, withBody, withQuery } from "../../../utils/middleware-routes"

const customer = authenticate("customer", ["session", "bearer"])

/** Plans, subscriptions, the Stripe webhook and auto top-up; spread into src/api/middlewares.ts. */
export const billingRoutes: MiddlewareRoute[] = [
  withQuery("/admin/ai-credits/plans", AdminListPlans),
  withBody("/admin/ai-credits/plans", AdminCreatePlan),
  withBody("/admin/ai-credits/plans/:id", AdminUpdatePlan),
  withQuery("/admin/ai-credits/subscriptions", AdminListSubscriptions),
  withBody("/admin/ai-credits/subscriptions", AdminCreateSubscription),
  withBody("/store/ai-credits/subscriptions", StoreStartSubscription, customer),
  route("GET", "/store/ai-credits/subscription", customer),
  route("GET", "/store/ai-credits/wallet/auto-top-up", customer),
  withBody("/store/ai-credits/wallet/auto-top-up", StoreSaveAutoTopUp, customer),
  withBody("/admin/ai-credits/wallets/:id/auto-top-up", AdminUpdateAutoTopUp),
  {
    // The signature is over the exact bytes Stripe sent.
    matcher: "/hooks/ai-credits/stripe",
    methods: ["POST"],
    bodyParser: { preserveRawBody: true },
    middlewares: [],
  },
]
