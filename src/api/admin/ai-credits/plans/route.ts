import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"
import { createPlanWorkflow } from "../../../../workflows"
import { serializePlan } from "./serializers"
import type { AdminCreatePlanType, AdminListPlansType } from "./validators"

/** The subscription plans by rank; `is_active` filters. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListPlansType>, res: MedusaResponse) => {
  const billing: AiCreditsBillingModuleService = req.scope.resolve(AI_CREDITS_BILLING_MODULE)
  const { skip, take } = req.queryConfig.pagination
  const filters = req.validatedQuery.is_active ? { is_active: req.validatedQuery.is_active === "true" } : {}
  const [plans, count] = await billing.listAndCountAiCreditPlans(filters, {
    skip: skip ?? 0,
    take: take ?? 50,
    order: { rank: "ASC", monthly_credits: "ASC" },
  })
  res.json({ plans: plans.map(serializePlan), count, offset: skip, limit: take })
}

/** Creates a plan; 409 when its code is taken. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreatePlanType>, res: MedusaResponse) => {
  const { result } = await createPlanWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ plan: serializePlan(result) })
}
