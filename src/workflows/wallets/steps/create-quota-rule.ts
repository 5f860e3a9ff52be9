import type { InferTypeOf } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type { QuotaRule } from "../../../modules/ai-credits/models"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

type QuotaRuleDTO = InferTypeOf<typeof QuotaRule>

/** A quota rule's fields, from the QuotaRule data model: what a rule must say, and what it may. */
export type QuotaRuleInput = Pick<QuotaRuleDTO, "name" | "metric" | "window" | "limit"> &
  Partial<
    Pick<
      QuotaRuleDTO,
      | "is_active"
      | "module"
      | "sales_channel_id"
      | "customer_group_id"
      | "customer_id"
      | "plan_id"
      | "admin_role"
      | "per"
      | "window_seconds"
      | "action"
      | "created_by"
    >
  >

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
