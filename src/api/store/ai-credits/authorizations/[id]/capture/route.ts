import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { publicUsageEvent } from "../../../../../utils/serializers"
import { captureAiRequest, visibleBalance } from "../../../../../../lib/metering"
import { storeCaller } from "../../../../../utils/callers"
import { withCreditErrors } from "../../../../../utils/credit-errors"
import type { StoreCaptureAuthorizationType } from "../../../validators"

/**
 * Charges what the widget reports the request used, at most its hold (plus the module's
 * `capture_margin`) and nothing beyond a blocking quota: the report comes from a browser.
 * Capturing again returns the same usage event.
 */
export const POST = withCreditErrors(
  async (req: MedusaStoreRequest<StoreCaptureAuthorizationType>, res: MedusaResponse) => {
    const body = req.validatedBody
    const caller = storeCaller(req)
    const result = await captureAiRequest(req.scope, {
      caller,
      authorization_id: req.params.id,
      usage: body.usage,
      provider: body.provider,
      model: body.model,
      output_type: body.output_type,
      latency_ms: body.latency_ms,
      untrusted: true,
    })
    res.json({ usage_event: publicUsageEvent(result.usage_event), balance: visibleBalance(caller, result.balance) })
  }
)
