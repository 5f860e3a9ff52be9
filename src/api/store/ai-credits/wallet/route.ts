import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import { GRANT_FIELDS, isLiveGrant, serializeWallet } from "../../../utils/serializers"
import { currentPlanOf } from "../subscription/current-plan"

/**
 * The logged-in customer's own wallet: what is available and held, the grants that can still be
 * spent with their expiry, and the plan when there is one. A customer without a wallet sees zeros.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const customerId = req.auth_context.actor_id
  const wallet = await credits.findWallet("customer", customerId)
  if (!wallet) {
    res.json({
      wallet: {
        ...serializeWallet({ id: "", owner_type: "customer", owner_id: customerId }, undefined),
        id: null,
        grants: [],
        plan: await currentPlanOf(req.scope, customerId),
      },
    })
    return
  }
  const [balance, grants] = await Promise.all([
    credits.getBalance(wallet.id),
    credits.listAiCreditGrants(
      { wallet_id: wallet.id, status: ["active", "pending"] },
      { select: [...GRANT_FIELDS], order: { expires_at: "ASC" } }
    ),
  ])
  const { metadata: _metadata, ...publicWallet } = serializeWallet(wallet, balance)
  res.json({
    wallet: {
      ...publicWallet,
      grants: grants.filter(isLiveGrant).map((grant) => ({
        id: grant.id,
        source: grant.source,
        status: grant.status,
        amount: grant.amount,
        remaining: grant.remaining,
        effective_at: grant.effective_at,
        expires_at: grant.expires_at,
        modules: grant.modules,
      })),
      plan: await currentPlanOf(req.scope, customerId),
    },
  })
}
