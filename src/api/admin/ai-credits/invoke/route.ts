import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shortBalance } from "../../../../modules/ai-credits/policy"
import { invokeAi } from "../../../../workflows/metering"
import { adminCaller } from "../../../utils/callers"
import { noteRateLimit, withCreditErrors } from "../../../utils/credit-errors"
import type { AdminInvokeType } from "../validators"

/** The AI gateway for admin users (content generation, SEO): metered and attributed to the admin. */
export const POST = withCreditErrors(async (req: AuthenticatedMedusaRequest<AdminInvokeType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const result = await invokeAi(req.scope, {
    caller: adminCaller(req),
    module: body.module,
    model: body.model,
    action: body.action,
    wallet_id: body.wallet_id,
    input: body.input,
  })
  noteRateLimit(res, result.rate_limit)
  res.json({ ...result, balance: shortBalance(result.balance) })
})
