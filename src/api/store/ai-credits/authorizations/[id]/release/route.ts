import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { visibleBalance } from "../../../../../../modules/ai-credits/policy"
import { releaseAiRequest } from "../../../../../../workflows/metering"
import { storeCaller } from "../../../../../utils/callers"
import { withCreditErrors } from "../../../../../utils/credit-errors"

/** Gives the hold back; nothing is charged. */
export const POST = withCreditErrors(async (req: MedusaStoreRequest, res: MedusaResponse) => {
  const caller = storeCaller(req)
  const result = await releaseAiRequest(req.scope, caller, req.params.id)
  res.json({
    authorization: { id: result.reservation.id, status: result.reservation.status },
    balance: visibleBalance(caller, result.balance),
  })
})
