import http from "http"
import type { Socket } from "net"
import Stripe from "stripe"

/**
 * A fake of the few Stripe API endpoints the plugin uses, on 127.0.0.1, for the real `stripe` SDK
 * (configured with host/port/protocol "http"):
 *
 * - `POST /v1/customers`, `POST /v1/subscriptions` (status `active`, `trialing` with
 *   `trial_period_days`, or `incomplete` for the card `pm_requires_action`), `DELETE /v1/subscriptions/:id`;
 * - `POST /v1/payment_methods/:id/attach`, `GET /v1/payment_methods/:id` (card fingerprint from `setCardFingerprint`, else `fp_<id>`);
 * - `GET /v1/prices?lookup_keys[]=`, `POST /v1/prices` (the demo seed's plan prices);
 * - `POST /v1/payment_intents`: `succeeded`, or a `card_declined` error while `declineCharges`.
 *
 * Every request is recorded with its form-decoded body. `event()` builds a webhook event and
 * signs it with `stripe.webhooks.generateTestHeaderString`, as Stripe signs deliveries.
 */
export type FakeStripeRequest = { method: string; path: string; body: Record<string, any>; idempotency_key: string | null }

export type SignedEvent = { id: string; body: string; headers: Record<string, string> }

export type FakeStripe = {
  url: string
  requests: FakeStripeRequest[]
  setCardFingerprint(paymentMethodId: string, fingerprint: string): void
  declineCharges(decline: boolean): void
  /** A signed webhook delivery of `type` about `object`, created at `created` (seconds). */
  event(type: string, object: Record<string, unknown>, options?: { created?: number; id?: string; secret?: string }): SignedEvent
  close(): Promise<void>
}

/** Decodes Stripe's form encoding (`items[0][price]=x`, `metadata[k]=v`) into nested objects and arrays. */
export function decodeForm(raw: string): Record<string, any> {
  const root: Record<string, any> = {}
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, "").split("[")
    let node: any = root
    path.forEach((part, i) => {
      const last = i === path.length - 1
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1])
      if (last) {
        node[part] = value
      } else {
        node[part] ??= nextIsIndex ? [] : {}
        node = node[part]
      }
    })
  }
  return root
}

const DAY = 86_400

/** A `Stripe-Signature` header for `payload`, as Stripe signs a delivery with the endpoint's `secret`. */
export function signStripePayload(payload: string, secret: string): string {
  return new Stripe("sk_test_fake", { telemetry: false }).webhooks.generateTestHeaderString({ payload, secret })
}

export async function startFakeStripe(opts: { port: number; webhookSecret: string }): Promise<FakeStripe> {
  const requests: FakeStripeRequest[] = []
  const fingerprints = new Map<string, string>()
  const prices: { id: string; lookup_key: string; unit_amount: number; currency: string }[] = []
  const sockets = new Set<Socket>()
  let decline = false
  let counter = 0
  const next = (prefix: string) => `${prefix}_fake${++counter}`

  const server = http.createServer((req, res) => {
    let raw = ""
    req.setEncoding("utf8")
    req.on("data", (chunk: string) => (raw += chunk))
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0]
      const body = decodeForm(raw)
      const key = req.headers["idempotency-key"]
      requests.push({ method: req.method ?? "", path, body, idempotency_key: typeof key === "string" ? key : null })
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "request-id": next("req") })
        res.end(JSON.stringify(payload))
      }
      const now = Math.floor(Date.now() / 1000)
      if (req.method === "POST" && path === "/v1/customers") {
        return send(200, { id: next("cus"), object: "customer", email: body.email, metadata: body.metadata ?? {} })
      }
      if (req.method === "POST" && path === "/v1/subscriptions") {
        const trialDays = body.trial_period_days ? Number(body.trial_period_days) : 0
        // This card needs the customer (3-D Secure): the first payment stays incomplete.
        const needsAction = body.default_payment_method === "pm_requires_action"
        const end = trialDays ? now + trialDays * DAY : now + 30 * DAY
        return send(200, {
          id: next("sub"),
          object: "subscription",
          customer: body.customer,
          status: needsAction ? "incomplete" : trialDays ? "trialing" : "active",
          latest_invoice: needsAction
            ? { id: next("in"), object: "invoice", confirmation_secret: { client_secret: "pi_fake_secret_123", type: "payment_intent" } }
            : next("in"),
          trial_end: trialDays ? end : null,
          cancel_at_period_end: false,
          metadata: body.metadata ?? {},
          items: {
            object: "list",
            data: [{ id: next("si"), price: { id: body.items?.[0]?.price }, current_period_start: now, current_period_end: end }],
          },
        })
      }
      const cancel = path.match(/^\/v1\/subscriptions\/([^/]+)$/)
      if (req.method === "DELETE" && cancel) {
        return send(200, { id: cancel[1], object: "subscription", status: "canceled" })
      }
      if (req.method === "GET" && path === "/v1/prices") {
        const keys = new URLSearchParams((req.url ?? "").split("?")[1] ?? "").getAll("lookup_keys[0]")
        return send(200, { object: "list", has_more: false, data: prices.filter((p) => keys.includes(p.lookup_key)) })
      }
      if (req.method === "POST" && path === "/v1/prices") {
        const price = { id: next("price"), object: "price", lookup_key: body.lookup_key, unit_amount: Number(body.unit_amount), currency: body.currency }
        prices.push(price)
        return send(200, price)
      }
      const attach = path.match(/^\/v1\/payment_methods\/([^/]+)\/attach$/)
      if (req.method === "POST" && attach) {
        return send(200, { id: attach[1], object: "payment_method", type: "card", customer: body.customer })
      }
      const method = path.match(/^\/v1\/payment_methods\/([^/]+)$/)
      if (req.method === "GET" && method) {
        return send(200, {
          id: method[1],
          object: "payment_method",
          type: "card",
          card: { brand: "visa", last4: "4242", fingerprint: fingerprints.get(method[1]) ?? `fp_${method[1]}` },
        })
      }
      if (req.method === "POST" && path === "/v1/payment_intents") {
        if (decline) {
          return send(402, {
            error: { type: "card_error", code: "card_declined", decline_code: "insufficient_funds", message: "Your card was declined." },
          })
        }
        return send(200, {
          id: next("pi"),
          object: "payment_intent",
          status: "succeeded",
          amount: Number(body.amount),
          currency: body.currency,
          metadata: body.metadata ?? {},
        })
      }
      send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${path})` } })
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(opts.port, "127.0.0.1", () => resolve())
  })

  return {
    url: `http://127.0.0.1:${opts.port}`,
    requests,
    setCardFingerprint: (id, fingerprint) => fingerprints.set(id, fingerprint),
    declineCharges: (value) => {
      decline = value
    },
    event(type, object, options = {}) {
      const id = options.id ?? next("evt")
      const payload = JSON.stringify({
        id,
        object: "event",
        api_version: "2025-09-30.clover",
        created: options.created ?? Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
        data: { object },
      })
      const signature = signStripePayload(payload, options.secret ?? opts.webhookSecret)
      return { id, body: payload, headers: { "content-type": "application/json", "stripe-signature": signature } }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy()
        }
        server.close(() => resolve())
      }),
  }
}

/**
 * Points the app of a spec file at a fake Stripe on loopback, through the variables medusa-config.ts
 * reads (the test runner loads the config before it applies its own `env`, so call this at the top
 * of the file), and returns what `startFakeStripe` needs. `slot` keeps the ports of spec files that
 * may run at the same time apart.
 */
export function fakeStripeEnv(spec: string, slot: number) {
  const port = 20_000 + ((process.pid + slot) % 20_000)
  const webhookSecret = `whsec_${spec}`
  Object.assign(process.env, {
    AI_CREDITS_STRIPE_API_KEY: `sk_test_${spec}`,
    AI_CREDITS_STRIPE_WEBHOOK_SECRET: webhookSecret,
    AI_CREDITS_STRIPE_API_BASE: `http://127.0.0.1:${port}`,
  })
  return { port, webhookSecret }
}
