import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shortBalance } from "../../../../../../modules/ai-credits/policy"
import { captureAiRequest } from "../../../../../../workflows/metering"
import { adminCaller } from "../../../../../utils/callers"
import { capturedRun } from "../../../../../utils/authorizations"
import { withCreditErrors } from "../../../../../utils/credit-errors"
import type { AdminCaptureAuthorizationType } from "../../../validators"

/**
 * Charges what the admin's AI action really used, above the hold too (an admin is trusted), but
 * not beyond a blocking quota: that is refused before it is charged.
 */
export const POST = withCreditErrors(
  async (req: AuthenticatedMedusaRequest<AdminCaptureAuthorizationType>, res: MedusaResponse) => {
    const result = await captureAiRequest(req.scope, {
      caller: adminCaller(req),
      authorization_id: req.params.id,
      ...capturedRun(req.validatedBody),
      refuse_over_quota: true,
    })
    res.json({ usage_event: result.usage_event, balance: shortBalance(result.balance) })
  }
)
