import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import { AI_CREDITS_GATEWAY_MODULE } from "../../../../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../../../modules/ai-credits-gateway/service"
import { listUpgradeOffers } from "../../../../workflows/metering"

/** The AI modules with their models and current rates, and the credit packs on sale. */
export const GET = async (req: MedusaStoreRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const gateway: AiCreditsGatewayModuleService = req.scope.resolve(AI_CREDITS_GATEWAY_MODULE)
  const modules = (await gateway.listAiModules()).filter((m) => m.enabled)
  const prices = await credits.listAiCreditPrices({ scope_type: "default", superseded_at: null })
  const rate = (provider: string, model: string) => {
    const price = prices.find((p) => p.provider === provider && p.model === model)
    return price
      ? {
          credits_per_1k_input_tokens: Number(price.credits_per_1k_input_tokens),
          credits_per_1k_output_tokens: Number(price.credits_per_1k_output_tokens),
          credits_per_request: Number(price.credits_per_request),
          credits_per_image: Number(price.credits_per_image),
        }
      : null
  }
  res.json({
    rounding: "Each request costs its exact priced usage rounded up to the next whole credit.",
    modules: modules.map((m) => ({
      id: m.id,
      name: m.name,
      default_model: m.model,
      models: m.allowed_models.map((model) => ({ model, rates: rate(m.provider, model) })),
      fallback: m.fallback.type,
    })),
    packs: (await listUpgradeOffers(req.scope)).packs,
  })
}
