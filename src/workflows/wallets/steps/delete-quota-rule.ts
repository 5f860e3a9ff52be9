import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

/** Deletes a quota rule (soft). Compensation restores it. */
export const deleteQuotaRuleStep = createStep(
  "ai-credits-delete-quota-rule",
  async (input: { id: string }, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.retrieveAiCreditQuotaRule(input.id)
    await credits.softDeleteAiCreditQuotaRules([input.id])
    await credits.forgetQuotaRules()
    return new StepResponse({ id: input.id, deleted: true }, input.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.restoreAiCreditQuotaRules([id])
    await credits.forgetQuotaRules()
  }
)
