import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"

/** A quota rule's fields (see the QuotaRule data model). */
export type QuotaRuleInput = {
  name: string
  is_active?: boolean
  module?: string | null
  sales_channel_id?: string | null
  customer_group_id?: string | null
  customer_id?: string | null
  plan_id?: string | null
  admin_role?: string | null
  per?: "actor" | "scope"
  metric: "credits" | "requests" | "tokens"
  window: "minute" | "hour" | "day" | "month" | "rolling"
  window_seconds?: number | null
  limit: number
  action?: "block" | "fallback" | "notify" | "require_approval"
  created_by?: string | null
}

export type CreateQuotaRuleStepInput = QuotaRuleInput
export type UpdateQuotaRuleStepInput = { id: string } & Partial<QuotaRuleInput>

/** Creates a quota rule; it applies to new requests at once. Compensation deletes it. */
export const createQuotaRuleStep = createStep(
  "ai-credits-create-quota-rule",
  async (input: CreateQuotaRuleStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const rule = await credits.createAiCreditQuotaRules(input)
    await credits.forgetQuotaRules()
    return new StepResponse(rule, rule.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.deleteAiCreditQuotaRules([id])
    await credits.forgetQuotaRules()
  }
)

/** Changes a quota rule. Compensation restores the fields it changed. */
export const updateQuotaRuleStep = createStep(
  "ai-credits-update-quota-rule",
  async (input: UpdateQuotaRuleStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const before = (await credits.retrieveAiCreditQuotaRule(input.id)) as unknown as Record<string, unknown>
    const rule = await credits.updateAiCreditQuotaRules(input)
    await credits.forgetQuotaRules()
    const previous = Object.fromEntries(Object.keys(input).map((key) => [key, before[key]]))
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
