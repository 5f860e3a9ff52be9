import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { visibleBalance } from "../../../../modules/ai-credits/policy"
import { authorizeAiRequest } from "../../../../workflows/metering"
import { serializeAuthorization } from "../../../utils/authorizations"
import { storeCaller } from "../../../utils/callers"
import { idempotencyKeyHeader, noteRateLimit, withCreditErrors } from "../../../utils/credit-errors"
import type { StoreCreateAuthorizationType } from "../validators"

/** Holds credits for an AI request a widget is about to run. */
export const POST = withCreditErrors(
  async (req: MedusaStoreRequest<StoreCreateAuthorizationType>, res: MedusaResponse) => {
    const body = req.validatedBody
    const caller = storeCaller(req, body.visitor_id)
    const outcome = await authorizeAiRequest(req.scope, {
      caller,
      module: body.module,
      model: body.model,
      estimate: body.estimate,
      idempotency_key: idempotencyKeyHeader(req),
      action: body.action,
      cart_id: body.cart_id,
      conversation_id: body.conversation_id,
      metadata: body.metadata,
      // A browser's estimate: its capture may charge no more than this hold (a server API key's may).
      untrusted: !caller.api_key,
    })
    noteRateLimit(res, outcome.rate_limit)
    if (outcome.decision === "fallback") {
      res.json({
        decision: "fallback",
        authorization: null,
        fallback: outcome.fallback,
        balance: visibleBalance(caller, outcome.balance),
        ...(outcome.rate_limit ? { rate_limit: outcome.rate_limit } : {}),
      })
      return
    }
    res.json({
      decision: "allow",
      authorization: serializeAuthorization(outcome, caller),
      balance: visibleBalance(caller, outcome.result.balance),
      ...(outcome.rate_limit ? { rate_limit: outcome.rate_limit } : {}),
    })
  }
)
