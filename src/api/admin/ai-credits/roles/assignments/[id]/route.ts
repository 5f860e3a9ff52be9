import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { forgetAdminRoles } from "../../../../../../lib/governance"
import { unassignAiRoleWorkflow } from "../../../../../../workflows/governance"

/** Takes an AI role back from an admin user. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await unassignAiRoleWorkflow(req.scope).run({ input: { id: req.params.id } })
  forgetAdminRoles(result.user_id)
  res.json({ id: req.params.id, object: "ai_credit_role_assignment", deleted: true })
}
