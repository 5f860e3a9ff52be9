import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

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
