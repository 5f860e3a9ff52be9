import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../modules/ai-credits/service"
import { deleteQuotaRuleWorkflow, updateQuotaRuleWorkflow } from "../../../../../workflows"
import type { AdminUpdateQuotaRuleType } from "../../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  res.json({ quota_rule: await credits.retrieveAiCreditQuotaRule(req.params.id) })
}

/** Changes a quota rule (limit, window, scope, action, or switches it off). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateQuotaRuleType>, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  await credits.retrieveAiCreditQuotaRule(req.params.id)
  const { result } = await updateQuotaRuleWorkflow(req.scope).run({ input: { id: req.params.id, ...req.validatedBody } })
  res.json({ quota_rule: result })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteQuotaRuleWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "ai_credit_quota_rule", deleted: true })
}
