import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shortBalance } from "../../../../../../modules/ai-credits/policy"
import { releaseAiRequest } from "../../../../../../workflows/metering"
import { adminCaller } from "../../../../../utils/callers"
import { withCreditErrors } from "../../../../../utils/credit-errors"

/** Gives the hold of an admin's AI action back; nothing is charged. */
export const POST = withCreditErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const result = await releaseAiRequest(req.scope, adminCaller(req), req.params.id)
  res.json({
    authorization: { id: result.reservation.id, status: result.reservation.status },
    balance: shortBalance(result.balance),
  })
})
