import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../../../../../modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../../../../../modules/ai-credits-governance/service"
import { decideApprovalRequestWorkflow, serializeApprovalRequest } from "../../../../../../workflows/governance"
import type { AdminApproveRequestType } from "../../../governance/validators"

/**
 * Approves a pending request: `amount` more (the amount asked for by default) until `expires_at`,
 * or for `duration_seconds`, or by default until the end of the window it was asked in.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminApproveRequestType>, res: MedusaResponse) => {
  const governance: AiCreditsGovernanceModuleService = req.scope.resolve(AI_CREDITS_GOVERNANCE_MODULE)
  const request = await governance.retrieveAiCreditApprovalRequest(req.params.id)
  const body = req.validatedBody
  const expiresAt =
    body.expires_at ??
    (body.duration_seconds ? new Date(Date.now() + body.duration_seconds * 1000) : new Date(request.window_resets_at))
  if (expiresAt.getTime() <= Date.now()) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "The window this was asked in has ended; give expires_at or duration_seconds"
    )
  }
  const { result } = await decideApprovalRequestWorkflow(req.scope).run({
    input: {
      id: request.id,
      decision: "approved",
      granted_amount: body.amount ?? request.requested_amount,
      expires_at: expiresAt,
      note: body.note,
      decided_by: req.auth_context.actor_id,
    },
  })
  res.json({ approval_request: serializeApprovalRequest(result) })
}
