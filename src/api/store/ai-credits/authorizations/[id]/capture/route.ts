import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { publicUsageEvent } from "../../../../../utils/serializers"
import { visibleBalance } from "../../../../../../modules/ai-credits/policy"
import { captureAiRequest } from "../../../../../../workflows/metering"
import { storeCaller } from "../../../../../utils/callers"
import { capturedRun } from "../../../../../utils/authorizations"
import { withCreditErrors } from "../../../../../utils/credit-errors"
import type { StoreCaptureAuthorizationType } from "../../../validators"

/**
 * Charges what the widget reports the request used, at most its hold (plus the module's
 * `capture_margin`; the rest is `uncharged_credits`) and nothing beyond a blocking quota: the
 * report comes from a browser. Capturing again returns the same usage event.
 */
export const POST = withCreditErrors(
  async (req: MedusaStoreRequest<StoreCaptureAuthorizationType>, res: MedusaResponse) => {
    const caller = storeCaller(req)
    const result = await captureAiRequest(req.scope, {
      caller,
      authorization_id: req.params.id,
      ...capturedRun(req.validatedBody),
      untrusted: !caller.api_key,
    })
    const event = result.usage_event
    res.json({
      usage_event: publicUsageEvent(event),
      balance: visibleBalance(caller, result.balance),
      uncharged_credits: Math.max(0, Number(event.requested_credits) - Number(event.credits)),
    })
  }
)
