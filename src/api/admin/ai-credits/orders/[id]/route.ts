import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { orderCreditsView } from "../view"

/**
 * What an order's credit packs granted and what its cancel or refunds revoked, with the
 * shortfall (credits already spent) and the alerts raised for it. 404 for an unknown order.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ order_credits: await orderCreditsView(req.scope, req.params.id) })
}
