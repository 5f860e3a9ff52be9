import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import { serializeWallet } from "../../../utils/serializers"
import type { AdminListWalletsType } from "../validators"

/** Wallets with their balances; filter by owner, or by sales channel (its wallet and its pools). */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminListWalletsType>,
  res: MedusaResponse
) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const { owner_type, owner_id, sales_channel_id } = req.validatedQuery
  const filters: Record<string, unknown> = {}
  if (owner_type) {
    filters.owner_type = owner_type
  }
  if (owner_id) {
    filters.owner_id = owner_id
  }
  if (sales_channel_id) {
    const memberships = await credits.listAiCreditPoolMembers({ sales_channel_id }, { select: ["pool_id"] })
    filters.$or = [
      { owner_type: "sales_channel", owner_id: sales_channel_id },
      ...(memberships.length ? [{ id: memberships.map((m) => m.pool_id) }] : []),
    ]
  }
  const { skip, take, order } = req.queryConfig.pagination
  const [wallets, count] = await credits.listAndCountAiCreditWallets(filters, {
    skip,
    take,
    order: order ?? { created_at: "DESC" },
  })
  const balances = await credits.getBalances(wallets.map((w) => w.id))
  res.json({
    wallets: wallets.map((wallet) => serializeWallet(wallet, balances.get(wallet.id))),
    count,
    offset: skip,
    limit: take,
  })
}
