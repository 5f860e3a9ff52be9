import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"

/** The AI modules with their provider, models, limits and fallback, as configured in the plugin options. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  res.json({ modules: await credits.listAiModules() })
}
