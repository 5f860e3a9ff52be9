import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

export type SetPriceStepInput = Parameters<AiCreditsModuleService["setPrice"]>[0]

/**
 * Sets a price: a new version supersedes the current one for the same provider, model and scope.
 * Compensation removes the new version and puts the previous one back in force.
 */
export const setPriceStep = createStep(
  "ai-credits-set-price",
  async (input: SetPriceStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const [previous] = await credits.listAiCreditPrices(
      {
        provider: input.provider,
        model: input.model,
        scope_type: input.scope_type ?? "default",
        scope_id: (input.scope_type ?? "default") === "default" ? null : input.scope_id ?? null,
        superseded_at: null,
      },
      { take: 1 }
    )
    const price = await credits.setPrice(input)
    return new StepResponse(price, { created_id: price.id, previous_id: previous?.id ?? null })
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.softDeleteAiCreditPrices([compensation.created_id])
    if (compensation.previous_id) {
      await credits.updateAiCreditPrices({ id: compensation.previous_id, superseded_at: null })
    }
  }
)
