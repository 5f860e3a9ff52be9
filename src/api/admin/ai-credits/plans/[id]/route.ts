import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_BILLING_MODULE } from "../../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../../modules/ai-credits-billing/service"
import { updatePlanWorkflow } from "../../../../../workflows"
import { serializePlan } from "../serializers"
import type { AdminUpdatePlanType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const billing: AiCreditsBillingModuleService = req.scope.resolve(AI_CREDITS_BILLING_MODULE)
  const plan = await billing.retrieveAiCreditPlan(req.params.id)
  res.json({ plan: serializePlan(plan) })
}

/** Changes a plan's terms; current subscribers get them from their next period on. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdatePlanType>, res: MedusaResponse) => {
  const { result } = await updatePlanWorkflow(req.scope).run({ input: { ...req.validatedBody, id: req.params.id } })
  res.json({ plan: serializePlan(result) })
}
