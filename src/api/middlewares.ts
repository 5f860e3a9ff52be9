import {
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { analyticsRoutes } from "./admin/ai-credits/analytics/middlewares"
import { governanceRoutes } from "./admin/ai-credits/governance/middlewares"
import { packageRoutes } from "./admin/ai-credits/packages/middlewares"
import { aiCreditsErrorHandler } from "./utils/error-handler"
import { inputGuardRoutes } from "./utils/input-guards"
import { serverApiKeyRoutes } from "./utils/server-api-keys"
import { apiKeyRoutes } from "./admin/ai-credits/api-keys/middlewares"
import { billingRoutes } from "./admin/ai-credits/plans/middlewares"
import { v1Routes } from "./store/ai-credits/v1/middlewares"
import {
  AdminCaptureAuthorization,
  AdminCreateAdjustment,
  AdminCreateAuthorization,
  AdminCreateQuotaRule,
  AdminListQuotaRules,
  AdminUpdateQuotaRule,
  AdminInvoke,
  AdminListAlerts,
  AdminListPrices,
  AdminListUsage,
  AdminRefundUsage,
  AdminSetPrice,
  AdminCreateAllocation,
  AdminListLedger,
  AdminListWallets,
  AdminUpdateWallet,
  AdminUpsertPoolMember,
} from "./admin/ai-credits/validators"
import {
  StoreCaptureAuthorization,
  StoreCreateAuthorization,
  StoreInvoke,
  StoreListUsage,
  StoreRecordUsage,
  StoreRejectUsage,
} from "./store/ai-credits/validators"

const listConfig = { defaults: ["id"], isList: true }

/** A customer is optional: anonymous visitors use the storefront's AI widgets too. */
const optionalCustomer = authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })
const customer = authenticate("customer", ["session", "bearer"])

export default defineMiddlewares({
  errorHandler: aiCreditsErrorHandler(),
  routes: [
    ...inputGuardRoutes,
    ...serverApiKeyRoutes,
    ...apiKeyRoutes,
    ...analyticsRoutes,
    ...packageRoutes,
    ...governanceRoutes,
    ...billingRoutes,
    ...v1Routes,
    {
      matcher: "/admin/ai-credits/wallets",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminListWallets, listConfig)],
    },
    {
      matcher: "/admin/ai-credits/wallets/:id",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpdateWallet)],
    },
    {
      matcher: "/admin/ai-credits/wallets/:id/ledger",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminListLedger, listConfig)],
    },
    {
      matcher: "/admin/ai-credits/wallets/:id/allocations",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminCreateAllocation)],
    },
    {
      matcher: "/admin/ai-credits/wallets/:id/pool-members",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpsertPoolMember)],
    },
    {
      matcher: "/admin/ai-credits/adjustments",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminCreateAdjustment)],
    },
    {
      matcher: "/admin/ai-credits/authorizations",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminCreateAuthorization)],
    },
    {
      matcher: "/admin/ai-credits/authorizations/:id/capture",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminCaptureAuthorization)],
    },
    {
      matcher: "/admin/ai-credits/invoke",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminInvoke)],
    },
    {
      matcher: "/admin/ai-credits/prices",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminListPrices, listConfig)],
    },
    {
      matcher: "/admin/ai-credits/prices",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminSetPrice)],
    },
    {
      matcher: "/admin/ai-credits/alerts",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminListAlerts, listConfig)],
    },
    {
      matcher: "/admin/ai-credits/usage",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminListUsage, listConfig)],
    },
    {
      matcher: "/admin/ai-credits/usage/:id/refund",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminRefundUsage)],
    },
    {
      matcher: "/admin/ai-credits/quota-rules",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminListQuotaRules, listConfig)],
    },
    {
      matcher: "/admin/ai-credits/quota-rules",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminCreateQuotaRule)],
    },
    {
      matcher: "/admin/ai-credits/quota-rules/:id",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpdateQuotaRule)],
    },
    {
      matcher: "/store/ai-credits/wallet",
      methods: ["GET"],
      middlewares: [customer],
    },
    {
      matcher: "/store/ai-credits/authorizations",
      methods: ["POST"],
      middlewares: [optionalCustomer, validateAndTransformBody(StoreCreateAuthorization)],
    },
    {
      matcher: "/store/ai-credits/authorizations/:id/capture",
      methods: ["POST"],
      middlewares: [optionalCustomer, validateAndTransformBody(StoreCaptureAuthorization)],
    },
    {
      matcher: "/store/ai-credits/authorizations/:id/release",
      methods: ["POST"],
      middlewares: [optionalCustomer],
    },
    {
      matcher: "/store/ai-credits/usage",
      methods: ["POST"],
      middlewares: [optionalCustomer, validateAndTransformBody(StoreRecordUsage)],
    },
    {
      matcher: "/store/ai-credits/usage",
      methods: ["GET"],
      middlewares: [customer, validateAndTransformQuery(StoreListUsage, listConfig)],
    },
    {
      matcher: "/store/ai-credits/usage/:id/reject",
      methods: ["POST"],
      middlewares: [customer, validateAndTransformBody(StoreRejectUsage)],
    },
    {
      matcher: "/store/ai-credits/invoke",
      methods: ["POST"],
      middlewares: [optionalCustomer, validateAndTransformBody(StoreInvoke)],
    },
  ],
})
