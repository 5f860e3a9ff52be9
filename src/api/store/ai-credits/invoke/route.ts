import type { MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { invokeAi, streamAi } from "../../../../lib/gateway"
import { storeCaller } from "../../../utils/callers"
import { withCreditErrors } from "../../../utils/credit-errors"
import type { StoreInvokeType } from "../validators"

/**
 * The AI gateway for storefront widgets. With `stream: true` it answers with server-sent events
 * (`start`, `delta`..., `done` or `error`); a client that disconnects is charged for what it was sent.
 */
export const POST = withCreditErrors(async (req: MedusaStoreRequest<StoreInvokeType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const request = {
    caller: storeCaller(req, body.visitor_id),
    module: body.module,
    model: body.model,
    action: body.action,
    cart_id: body.cart_id,
    conversation_id: body.conversation_id,
    metadata: body.metadata,
    input: body.input,
  }
  if (!body.stream) {
    res.json(await invokeAi(req.scope, request))
    return
  }

  const clientGone = new AbortController()
  res.on("close", () => clientGone.abort())
  const events = streamAi(req.scope, { ...request, signal: clientGone.signal })
  // Authorization errors (402, 429, ...) are still plain JSON: nothing has been sent yet.
  const first = await events.next()
  res.status(200)
  res.setHeader("content-type", "text/event-stream; charset=utf-8")
  res.setHeader("cache-control", "no-cache, no-transform")
  res.setHeader("x-accel-buffering", "no")
  res.flushHeaders()
  const send = (event: string, data: unknown) => {
    if (!res.writableEnded && !res.destroyed) {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
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
