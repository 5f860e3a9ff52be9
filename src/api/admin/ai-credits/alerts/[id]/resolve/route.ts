import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../../modules/ai-credits/service"

/** Marks an alert as dealt with; the same cause raises a new alert if it happens again. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  await credits.retrieveAiCreditAlert(req.params.id)
  const alert = await credits.updateAiCreditAlerts({ id: req.params.id, status: "resolved", resolved_at: new Date() })
  res.json({ alert })
}
