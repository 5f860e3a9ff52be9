import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveAlertWorkflow } from "../../../../../../workflows"

/** Marks an alert as dealt with; the same cause raises a new alert if it happens again. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result: alert } = await resolveAlertWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ alert })
}
