import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../modules/ai-credits/service"
import { GRANT_FIELDS, serializeWallet } from "../../../../utils/serializers"
import { withCreditErrors } from "../../../../utils/credit-errors"
import { updateWalletSettingsWorkflow } from "../../../../../workflows"
import type { AdminUpdateWalletType } from "../../validators"

/** One wallet with its grants (newest first) and, for a pool, its member sales channels. */
export const GET = withCreditErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  res.json({ wallet: await retrieveWalletDetail(credits, req.params.id) })
})

/** Changes a wallet's settings: name, overage limit, hold cap, monthly budget, alert thresholds, metadata. */
export const POST = withCreditErrors(
  async (req: AuthenticatedMedusaRequest<AdminUpdateWalletType>, res: MedusaResponse) => {
    const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
    await credits.retrieveAiCreditWallet(req.params.id)
    await updateWalletSettingsWorkflow(req.scope).run({ input: { id: req.params.id, ...req.validatedBody } })
    res.json({ wallet: await retrieveWalletDetail(credits, req.params.id) })
  }
)

async function retrieveWalletDetail(credits: AiCreditsModuleService, id: string) {
  const wallet = await credits.retrieveAiCreditWallet(id)
  const [grants, members, balance] = await Promise.all([
    credits.listAiCreditGrants({ wallet_id: id }, { select: [...GRANT_FIELDS], order: { created_at: "DESC" }, take: 500 }),
    wallet.owner_type === "pool" ? credits.listAiCreditPoolMembers({ pool_id: id }) : Promise.resolve([]),
    credits.getBalance(id),
  ])
  return {
    ...serializeWallet(wallet, balance),
    grants,
    pool_members: members.map((m) => ({
      id: m.id,
      sales_channel_id: m.sales_channel_id,
      allocation_cap: m.allocation_cap,
      allocated: m.allocated,
    })),
  }
}
