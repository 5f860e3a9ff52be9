import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shortBalance } from "../../../../modules/ai-credits/policy"
import { authorizeAiRequest } from "../../../../workflows/metering"
import { serializeAuthorization } from "../../../utils/authorizations"
import { adminCaller } from "../../../utils/callers"
import { idempotencyKeyHeader, withCreditErrors } from "../../../utils/credit-errors"
import type { AdminCreateAuthorizationType } from "../validators"

/** Holds credits for an AI action an admin user takes (content generation in the admin). */
export const POST = withCreditErrors(
  async (req: AuthenticatedMedusaRequest<AdminCreateAuthorizationType>, res: MedusaResponse) => {
    const body = req.validatedBody
    const outcome = await authorizeAiRequest(req.scope, {
      caller: adminCaller(req),
      module: body.module,
      model: body.model,
      estimate: body.estimate,
      wallet_id: body.wallet_id,
      idempotency_key: idempotencyKeyHeader(req),
      action: body.action,
      metadata: body.metadata,
    })
    if (outcome.decision === "fallback") {
      res.json({ decision: "fallback", authorization: null, fallback: outcome.fallback, balance: outcome.balance && shortBalance(outcome.balance) })
      return
    }
    res.json({ decision: "allow", authorization: serializeAuthorization(outcome), balance: shortBalance(outcome.result.balance) })
  }
)
