import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { decideApprovalRequestWorkflow, serializeApprovalRequest } from "../../../../../../workflows/governance"
import type { AdminRejectRequestType } from "../../../governance/validators"

/** Rejects a pending request with a reason the requester sees. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRejectRequestType>, res: MedusaResponse) => {
  const { result } = await decideApprovalRequestWorkflow(req.scope).run({
    input: { id: req.params.id, decision: "rejected", note: req.validatedBody.reason, decided_by: req.auth_context.actor_id },
  })
  res.json({ approval_request: serializeApprovalRequest(result) })
}
