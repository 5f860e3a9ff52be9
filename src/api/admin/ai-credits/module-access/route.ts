import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../../../modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../../../modules/ai-credits-governance/service"
import { setModuleAccessWorkflow } from "../../../../workflows/governance"
import type { AdminSetModuleAccessType } from "../governance/validators"

/** Which modules (and their bulk jobs) are restricted to which roles. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const governance: AiCreditsGovernanceModuleService = req.scope.resolve(AI_CREDITS_GOVERNANCE_MODULE)
  const module_access = await governance.listAiCreditModuleAccesses({}, { take: 1_000, order: { module: "ASC", scope: "ASC" } })
  res.json({ module_access })
}

/** Restricts a module's requests or bulk jobs to roles; an empty `roles` lifts the restriction. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSetModuleAccessType>, res: MedusaResponse) => {
  const { result } = await setModuleAccessWorkflow(req.scope).run({ input: req.validatedBody })
  res.json({ module_access: result })
}
