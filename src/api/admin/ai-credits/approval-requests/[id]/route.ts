import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../../../../modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../../../../modules/ai-credits-governance/service"
import { serializeApprovalRequest } from "../../../../../workflows/governance"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const governance: AiCreditsGovernanceModuleService = req.scope.resolve(AI_CREDITS_GOVERNANCE_MODULE)
  const request = await governance.retrieveAiCreditApprovalRequest(req.params.id)
  res.json({ approval_request: serializeApprovalRequest(request) })
}
