import { authenticate, validateAndTransformBody, validateAndTransformQuery, type MiddlewareRoute } from "@medusajs/framework/http"
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

const listConfig = { defaults: ["id"], isList: true }
const customer = authenticate("customer", ["session", "bearer"])

/** Plans, subscriptions, the Stripe webhook and auto top-up; spread into src/api/middlewares.ts. */
export const billingRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/ai-credits/plans",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListPlans, listConfig)],
  },
  {
    matcher: "/admin/ai-credits/plans",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminCreatePlan)],
  },
  {
    matcher: "/admin/ai-credits/plans/:id",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminUpdatePlan)],
  },
  {
    matcher: "/admin/ai-credits/subscriptions",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListSubscriptions, listConfig)],
  },
  {
    matcher: "/admin/ai-credits/subscriptions",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminCreateSubscription)],
  },
  {
    matcher: "/store/ai-credits/subscriptions",
    methods: ["POST"],
    middlewares: [customer, validateAndTransformBody(StoreStartSubscription)],
  },
  {
    matcher: "/store/ai-credits/subscription",
    methods: ["GET"],
    middlewares: [customer],
  },
  {
    matcher: "/store/ai-credits/wallet/auto-top-up",
    methods: ["GET"],
    middlewares: [customer],
  },
  {
    matcher: "/store/ai-credits/wallet/auto-top-up",
    methods: ["POST"],
    middlewares: [customer, validateAndTransformBody(StoreSaveAutoTopUp)],
  },
  {
    matcher: "/admin/ai-credits/wallets/:id/auto-top-up",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminUpdateAutoTopUp)],
  },
  {
    // The signature is over the exact bytes Stripe sent.
    matcher: "/hooks/ai-credits/stripe",
    methods: ["POST"],
    bodyParser: { preserveRawBody: true },
    middlewares: [],
  },
]
