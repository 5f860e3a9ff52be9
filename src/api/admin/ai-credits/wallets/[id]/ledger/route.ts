import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../../modules/ai-credits/service"
import type { AdminListLedgerType } from "../../../validators"

/** The wallet's ledger, newest first. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminListLedgerType>,
  res: MedusaResponse
) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  await credits.retrieveAiCreditWallet(req.params.id)
  const { skip, take } = req.queryConfig.pagination
  const filters: Record<string, unknown> = { wallet_id: req.params.id }
  if (req.validatedQuery.type) {
    filters.type = req.validatedQuery.type
  }
  const [entries, count] = await credits.listAndCountAiCreditLedgerEntries(filters, {
    skip,
    take,
    order: { created_at: "DESC", id: "DESC" },
  })
  res.json({ ledger_entries: entries, count, offset: skip, limit: take })
}
