import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import { createQuotaRuleWorkflow } from "../../../../workflows"
import type { AdminCreateQuotaRuleType, AdminListQuotaRulesType } from "../validators"

/** The quota rules, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListQuotaRulesType>, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const { skip, take } = req.queryConfig.pagination
  const filters: Record<string, unknown> = {}
  if (req.validatedQuery.module) {
    filters.module = req.validatedQuery.module
  }
  if (req.validatedQuery.is_active) {
    filters.is_active = req.validatedQuery.is_active === "true"
  }
  const [quota_rules, count] = await credits.listAndCountAiCreditQuotaRules(filters, {
    skip,
    take,
    order: { created_at: "DESC" },
  })
  res.json({ quota_rules, count, offset: skip, limit: take })
}

/** Adds a quota rule; it applies to new requests without a restart. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateQuotaRuleType>, res: MedusaResponse) => {
  const { result } = await createQuotaRuleWorkflow(req.scope).run({
    input: { ...req.validatedBody, created_by: req.auth_context.actor_id },
  })
  res.status(201).json({ quota_rule: result })
}
