import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_GATEWAY_MODULE } from "../../../../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../../../modules/ai-credits-gateway/service"

/** The AI modules with their provider, models, limits and fallback, as configured in the plugin options. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const gateway: AiCreditsGatewayModuleService = req.scope.resolve(AI_CREDITS_GATEWAY_MODULE)
  res.json({ modules: await gateway.listAiModules() })
}
