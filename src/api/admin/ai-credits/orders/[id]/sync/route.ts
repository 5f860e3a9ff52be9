import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { grantOrderCreditsWorkflow, revokeOrderCreditsWorkflow } from "../../../../../../workflows"
import { orderCreditsView } from "../../view"

/**
 * Brings an order's credits up to date by hand, e.g. after a failure alert: grants what its
 * captured payment owes and revokes what its cancel or refunds owe back. Idempotent: an order
 * that is up to date changes nothing.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result: grant } = await grantOrderCreditsWorkflow(req.scope).run({ input: { order_id: req.params.id } })
  const { result: revoke } = await revokeOrderCreditsWorkflow(req.scope).run({ input: { order_id: req.params.id } })
  res.json({ grant, revoke, order_credits: await orderCreditsView(req.scope, req.params.id) })
}
