import { authenticate, defineMiddlewares } from "@medusajs/framework/http"
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
import { LIST_CONFIG, route, withBody, withQuery } from "./utils/middleware-routes"

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
    withQuery("/admin/ai-credits/wallets", AdminListWallets),
    withBody("/admin/ai-credits/wallets/:id", AdminUpdateWallet),
    withQuery("/admin/ai-credits/wallets/:id/ledger", AdminListLedger),
    withBody("/admin/ai-credits/wallets/:id/allocations", AdminCreateAllocation),
    withBody("/admin/ai-credits/wallets/:id/pool-members", AdminUpsertPoolMember),
    withBody("/admin/ai-credits/adjustments", AdminCreateAdjustment),
    withBody("/admin/ai-credits/authorizations", AdminCreateAuthorization),
    withBody("/admin/ai-credits/authorizations/:id/capture", AdminCaptureAuthorization),
    withBody("/admin/ai-credits/invoke", AdminInvoke),
    withQuery("/admin/ai-credits/prices", AdminListPrices),
    withBody("/admin/ai-credits/prices", AdminSetPrice),
    withQuery("/admin/ai-credits/alerts", AdminListAlerts),
    withQuery("/admin/ai-credits/usage", AdminListUsage),
    withBody("/admin/ai-credits/usage/:id/refund", AdminRefundUsage),
    withQuery("/admin/ai-credits/quota-rules", AdminListQuotaRules),
    withBody("/admin/ai-credits/quota-rules", AdminCreateQuotaRule),
    withBody("/admin/ai-credits/quota-rules/:id", AdminUpdateQuotaRule),
    route("GET", "/store/ai-credits/wallet", customer),
    withBody("/store/ai-credits/authorizations", StoreCreateAuthorization, optionalCustomer),
    withBody("/store/ai-credits/authorizations/:id/capture", StoreCaptureAuthorization, optionalCustomer),
    route("POST", "/store/ai-credits/authorizations/:id/release", optionalCustomer),
    withBody("/store/ai-credits/usage", StoreRecordUsage, optionalCustomer),
    withQuery("/store/ai-credits/usage", StoreListUsage, LIST_CONFIG, customer),
    withBody("/store/ai-credits/usage/:id/reject", StoreRejectUsage, customer),
    withBody("/store/ai-credits/invoke", StoreInvoke, optionalCustomer),
  ],
})
