import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import type { AdminListAlertsType } from "../validators"
import { withOwners } from "./owners"

/** Alerts for the admin, newest first, each naming whom it is about (`owner`). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListAlertsType>, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const { skip, take } = req.queryConfig.pagination
  const filters = req.validatedQuery.status ? { status: req.validatedQuery.status } : {}
  const [alerts, count] = await credits.listAndCountAiCreditAlerts(filters, {
    skip,
    take,
    order: { updated_at: "DESC" },
  })
  res.json({ alerts: await withOwners(req.scope, alerts), count, offset: skip, limit: take })
}
