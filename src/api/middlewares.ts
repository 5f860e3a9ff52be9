import {
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminCreateAdjustment,
  AdminCreateAllocation,
  AdminListLedger,
  AdminListWallets,
  AdminUpdateWallet,
  AdminUpsertPoolMember,
} from "./admin/ai-credits/validators"

const listConfig = { defaults: ["id"], isList: true }

export default defineMiddlewares({
  routes: [
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
      matcher: "/store/ai-credits/wallet",
      methods: ["GET"],
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
  ],
})
