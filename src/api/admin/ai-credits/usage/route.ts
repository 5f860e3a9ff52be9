import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import type { AdminListUsageType } from "../validators"

/** Usage events, newest first, filtered by wallet, customer, sales channel or module. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListUsageType>, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const { skip, take } = req.queryConfig.pagination
  const { wallet_id, customer_id, sales_channel_id, module } = req.validatedQuery
  const filters = Object.fromEntries(
    Object.entries({ wallet_id, customer_id, sales_channel_id, module }).filter(([, v]) => v !== undefined)
  )
  const [events, count] = await credits.listAndCountAiCreditUsageEvents(filters, {
    skip,
    take,
    order: { created_at: "DESC", id: "DESC" },
  })
  res.json({ usage_events: events, count, offset: skip, limit: take })
}
