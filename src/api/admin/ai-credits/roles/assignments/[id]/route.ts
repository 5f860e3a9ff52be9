import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { unassignAiRoleWorkflow } from "../../../../../../workflows/governance"

/** Takes an AI role back from an admin user. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await unassignAiRoleWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "ai_credit_role_assignment", deleted: true })
}
