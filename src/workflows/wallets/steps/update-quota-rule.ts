import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import type { QuotaRuleInput } from "./create-quota-rule"

export type UpdateQuotaRuleStepInput = { id: string } & Partial<QuotaRuleInput>

/** Changes a quota rule. Compensation restores the fields it changed. */
export const updateQuotaRuleStep = createStep(
  "ai-credits-update-quota-rule",
  async (input: UpdateQuotaRuleStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const before = await credits.retrieveAiCreditQuotaRule(input.id)
    const rule = await credits.updateAiCreditQuotaRules(input)
    await credits.forgetQuotaRules()
    const previous = Object.fromEntries(Object.keys(input).map((key) => [key, before[key as keyof typeof before]]))
    return new StepResponse(rule, previous as UpdateQuotaRuleStepInput)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.updateAiCreditQuotaRules(previous)
    await credits.forgetQuotaRules()
  }
)
