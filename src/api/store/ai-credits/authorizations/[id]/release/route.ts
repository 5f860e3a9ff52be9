import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { releaseAiRequest, shortBalance } from "../../../../../../lib/metering"
import { storeCaller } from "../../../../../utils/callers"
import { withCreditErrors } from "../../../../../utils/credit-errors"

/** Gives the hold back; nothing is charged. */
export const POST = withCreditErrors(async (req: MedusaStoreRequest, res: MedusaResponse) => {
  const result = await releaseAiRequest(req.scope, storeCaller(req), req.params.id)
  res.json({
    authorization: { id: result.reservation.id, status: result.reservation.status },
    balance: shortBalance(result.balance),
  })
})
