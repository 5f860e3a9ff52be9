import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { visibleBalance } from "../../../../modules/ai-credits/policy"
import { invokeAi, streamAi } from "../../../../workflows/metering"
import type { WalletBalance } from "../../../../modules/ai-credits/types"
import { storeCaller } from "../../../utils/callers"
import { noteRateLimit, withCreditErrors } from "../../../utils/credit-errors"
import type { StoreInvokeType } from "../validators"

/**
 * The AI gateway for storefront widgets. With `stream: true` it answers with server-sent events
 * (`start`, `delta`..., `done` or `error`); a client that disconnects is charged for what it was sent.
 */
export const POST = withCreditErrors(async (req: MedusaStoreRequest<StoreInvokeType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const caller = storeCaller(req, body.visitor_id)
  const request = {
    caller,
    module: body.module,
    model: body.model,
    action: body.action,
    cart_id: body.cart_id,
    conversation_id: body.conversation_id,
    metadata: body.metadata,
    input: body.input,
  }
  if (!body.stream) {
    const result = await invokeAi(req.scope, request)
    noteRateLimit(res, result.rate_limit)
    res.json({ ...result, balance: visibleBalance(caller, result.balance) })
    return
  }

  const clientGone = new AbortController()
  res.on("close", () => clientGone.abort())
  const events = streamAi(req.scope, { ...request, signal: clientGone.signal })
  // Authorization errors (402, 429, ...) are still plain JSON: nothing has been sent yet.
  const first = await events.next()
  if (!first.done && (first.value.event === "start" || first.value.event === "fallback")) {
    noteRateLimit(res, first.value.data.rate_limit)
  }
  res.status(200)
  res.setHeader("content-type", "text/event-stream; charset=utf-8")
  res.setHeader("cache-control", "no-cache, no-transform")
  res.setHeader("x-accel-buffering", "no")
  res.flushHeaders()
  const send = (event: string, data: object) => {
    if (!res.writableEnded && !res.destroyed) {
      const shown = "balance" in data ? { ...data, balance: visibleBalance(caller, data.balance as WalletBalance) } : data
      res.write(`event: ${event}\ndata: ${JSON.stringify(shown)}\n\n`)
    }
  }
  if (!first.done) {
    send(first.value.event, first.value.data)
  }
  try {
    for await (const event of { [Symbol.asyncIterator]: () => events }) {
      if (clientGone.signal.aborted) {
        break
      }
      send(event.event, event.data)
    }
  } finally {
    await events.return(undefined)
    res.end()
  }
})
