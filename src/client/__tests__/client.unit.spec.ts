import {
  AiCreditsApiError,
  createAiCreditsClient,
  isAiCreditsApiError,
  SseParser,
  type AiCreditsClientOptions,
  type StreamEvent,
} from "../index"

// ---------------------------------------------------------------------------------------------
// A fake fetch: answers calls in order and records what was sent.
// ---------------------------------------------------------------------------------------------

type Responder = Response | Error | ((url: string, init: RequestInit) => Response | Promise<Response>)
type SentCall = { url: string; init: RequestInit; headers: Headers; body: unknown }

function fakeFetch(...responders: Responder[]) {
  const calls: SentCall[] = []
  const fetch = jest.fn(async (url: string, init: RequestInit): Promise<Response> => {
    calls.push({
      url,
      init,
      headers: new Headers(init.headers as Record<string, string>),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    })
    const next = responders.shift()
    if (!next) {
      throw new Error(`unexpected fetch #${calls.length}: ${init.method} ${url}`)
    }
    if (next instanceof Error) {
      throw next
    }
    return typeof next === "function" ? next(url, init) : next
  })
  return { fetch, calls }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  })
}

const encoder = new TextEncoder()

/**
 * A text/event-stream response made of the given chunks (strings or raw bytes). With `hold`, the
 * body stays open after the chunks until the request's signal aborts it, like a slow provider.
 */
function sse(chunks: Array<string | Uint8Array>, options: { hold?: boolean } = {}) {
  return (_url: string, init: RequestInit) => {
    const signal = init.signal ?? undefined
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) {
          controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk)
        }
        if (!options.hold) {
          controller.close()
          return
        }
        signal?.addEventListener("abort", () => {
          try {
            controller.error(signal.reason)
          } catch {
            // already closed
          }
        })
      },
    })
    return new Response(stream, { status: 200, headers: { "content-type": "text/event-stream" } })
  }
}

function client(fetch: AiCreditsClientOptions["fetch"], options: Partial<AiCreditsClientOptions> = {}) {
  return createAiCreditsClient({
    baseUrl: "https://api.shop.test/",
    publishableKey: "pk_test",
    fetch,
    ...options,
  })
}

async function collect(iterable: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = []
  for await (const event of iterable) {
    events.push(event)
  }
  return events
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected a rejection")
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const balance = { available: 997, reserved: 3 }
const authorization = {
  id: "aires_1",
  status: "held",
  wallet_id: "aiwal_1",
  reserved_credits: 3,
  expires_at: "2026-11-25T12:05:00.000Z",
  provider: "openai",
  model: "gpt-4o-mini",
  fallback: null,
}
const usage = { input_tokens: 750, output_tokens: 512, images: 0, requests: 1 }
const usageEvent = { id: "aiuse_1", credits: 2 }

const START = `event: start\ndata: {"authorization_id":"aires_1","provider":"openai","model":"gpt-4o-mini"}\n\n`
const DONE_DATA = {
  usage: { input_tokens: 12, output_tokens: 40 },
  credits: 1,
  usage_event_id: "aiuse_9",
  balance: { available: 996, reserved: 0 },
}
const DONE = `event: done\ndata: ${JSON.stringify(DONE_DATA)}\n\n`
const delta = (text: string) => `event: delta\ndata: ${JSON.stringify({ text })}\n\n`

afterEach(() => {
  jest.useRealTimers()
})

// ---------------------------------------------------------------------------------------------

describe("createAiCreditsClient: requests", () => {
  it("sends the publishable key, the bearer token and JSON to the right route", async () => {
    const { fetch, calls } = fakeFetch(json(200, { decision: "allow", authorization, balance }))
    const ai = client(fetch, { getToken: async () => "tok_123", credentials: "include" })

    const answer = await ai.authorize({ module: "chatbot", model: "gpt-4o-mini", estimate: { input_tokens: 800 } })

    expect(answer.decision).toBe("allow")
    if (answer.decision === "allow") {
      expect(answer.authorization.id).toBe("aires_1")
    }
    const [call] = calls
    expect(call.url).toBe("https://api.shop.test/store/ai-credits/authorizations")
    expect(call.init.method).toBe("POST")
    expect(call.init.credentials).toBe("include")
    expect(call.headers.get("x-publishable-api-key")).toBe("pk_test")
    expect(call.headers.get("authorization")).toBe("Bearer tok_123")
    expect(call.headers.get("content-type")).toBe("application/json")
    expect(call.headers.get("accept")).toBe("application/json")
    // No key given: none sent (the route makes it optional).
    expect(call.headers.has("idempotency-key")).toBe(false)
    expect(call.body).toEqual({ module: "chatbot", model: "gpt-4o-mini", estimate: { input_tokens: 800 } })
  })

  it("sends no authorization header for a guest, and no content-type without a body", async () => {
    const { fetch, calls } = fakeFetch(
      json(200, { modules: [], packs: [] }),
      json(200, { authorization: { ...authorization, status: "released" }, balance })
    )
    const ai = client(fetch, { getToken: () => null })

    await ai.pricing()
    await ai.release("aires_1")

    expect(calls[0].url).toBe("https://api.shop.test/store/ai-credits/pricing")
    expect(calls[0].init.method).toBe("GET")
    expect(calls[0].headers.has("authorization")).toBe(false)
    expect(calls[0].headers.has("content-type")).toBe(false)
    expect(calls[0].init.body).toBeUndefined()
    expect(calls[1].url).toBe("https://api.shop.test/store/ai-credits/authorizations/aires_1/release")
    expect(calls[1].init.method).toBe("POST")
    expect(calls[1].headers.has("content-type")).toBe(false)
    expect("credentials" in calls[0].init).toBe(false)
  })

  it("maps every method to its route", async () => {
    const { fetch, calls } = fakeFetch(
      json(200, { usage_event: usageEvent, balance }),
      json(200, { usage_events: [usageEvent], count: 1, limit: 5, offset: 10 }),
      json(200, { usage_events: [], count: 0, limit: 20, offset: 0 }),
      json(200, { usage_event: usageEvent, refund: { credits: 2 }, balance }),
      json(200, { wallet: { id: "aiwal_1", balance: 10, reserved: 0, available: 10, grants: [], plan: null } }),
      json(200, { usage_event: usageEvent, balance })
    )
    const ai = client(fetch, { getToken: () => "tok" })

    const captured = await ai.capture("aires/1", { usage, provider: "openai", model: "gpt-4o-mini", latency_ms: 840 })
    const page = await ai.listUsage({ limit: 5, offset: 10 })
    await ai.listUsage()
    const rejected = await ai.rejectUsage("aiuse_1", { reason: "wrong product" })
    const { wallet } = await ai.wallet()
    const recorded = await ai.recordUsage({ module: "search", usage })

    expect(captured.usage_event.credits).toBe(2)
    expect(page.count).toBe(1)
    expect(rejected.refund.credits).toBe(2)
    expect(wallet.available).toBe(10)
    expect(recorded.usage_event.id).toBe("aiuse_1")
    expect(calls.map((c) => `${c.init.method} ${c.url.replace("https://api.shop.test", "")}`)).toEqual([
      "POST /store/ai-credits/authorizations/aires%2F1/capture",
      "GET /store/ai-credits/usage?limit=5&offset=10",
      "GET /store/ai-credits/usage",
      "POST /store/ai-credits/usage/aiuse_1/reject",
      "GET /store/ai-credits/wallet",
      "POST /store/ai-credits/usage",
    ])
    expect(calls[0].body).toEqual({ usage, provider: "openai", model: "gpt-4o-mini", latency_ms: 840 })
    expect(calls[3].body).toEqual({ reason: "wrong product" })
    expect(calls.every((c) => c.headers.get("authorization") === "Bearer tok")).toBe(true)
  })

  it("uses the global fetch when none is given", async () => {
    const { fetch, calls } = fakeFetch(json(200, { modules: [], packs: [] }))
    const original = globalThis.fetch
    globalThis.fetch = fetch as unknown as typeof globalThis.fetch
    try {
      await createAiCreditsClient({ baseUrl: "http://localhost:9000", publishableKey: "pk" }).pricing()
    } finally {
      globalThis.fetch = original
    }
    expect(calls[0].url).toBe("http://localhost:9000/store/ai-credits/pricing")
  })

  it("rejects a missing id as a rejected promise, without calling fetch", async () => {
    const { fetch, calls } = fakeFetch()
    const pending = client(fetch).capture("", { usage })
    await expect(pending).rejects.toThrow(/authorizationId/)
    expect(calls).toHaveLength(0)
  })

  it("rejects missing options", () => {
    expect(() => createAiCreditsClient({ baseUrl: "", publishableKey: "pk" })).toThrow(/baseUrl/)
    expect(() => createAiCreditsClient({ baseUrl: "http://x", publishableKey: "" })).toThrow(/publishableKey/)
  })
})

describe("idempotency keys", () => {
  it("recordUsage generates a UUID key; authorize and recordUsage send a given key", async () => {
    const { fetch, calls } = fakeFetch(
      json(200, { usage_event: usageEvent, balance }),
      json(200, { usage_event: usageEvent, balance }),
      json(200, { decision: "allow", authorization, balance })
    )
    const ai = client(fetch)

    await ai.recordUsage({ module: "search", usage })
    await ai.recordUsage({ module: "search", usage }, { idempotencyKey: "msg_42" })
    await ai.authorize({ module: "chatbot" }, { idempotencyKey: "auth_1" })

    const generated = calls[0].headers.get("idempotency-key")
    expect(generated).toMatch(UUID)
    expect(calls[1].headers.get("idempotency-key")).toBe("msg_42")
    expect(calls[2].headers.get("idempotency-key")).toBe("auth_1")
  })

  it("reuses the same generated key for every retry of one call, and a new one per call", async () => {
    const { fetch, calls } = fakeFetch(
      json(429, { type: "rate_limited", message: "slow down" }, { "retry-after": "0" }),
      new TypeError("fetch failed"),
      json(200, { usage_event: usageEvent, balance }),
      json(200, { usage_event: usageEvent, balance })
    )
    const ai = client(fetch)

    await ai.recordUsage({ module: "search", usage })
    await ai.recordUsage({ module: "search", usage })

    const keys = calls.map((c) => c.headers.get("idempotency-key"))
    expect(keys[0]).toMatch(UUID)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).toBe(keys[0])
    expect(keys[3]).toMatch(UUID)
    expect(keys[3]).not.toBe(keys[0])
  })
})

describe("429 and Retry-After", () => {
  it("waits the Retry-After seconds before retrying, with the same key", async () => {
    jest.useFakeTimers()
    const { fetch, calls } = fakeFetch(
      json(429, { type: "rate_limited", message: "cooldown", retry_after_s: 3 }, { "retry-after": "3" }),
      json(200, { decision: "allow", authorization, balance })
    )
    const ai = client(fetch)

    const pending = ai.authorize({ module: "chatbot" }, { idempotencyKey: "k1" })
    await jest.advanceTimersByTimeAsync(2_999)
    expect(calls).toHaveLength(1)
    await jest.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    await expect(pending).resolves.toMatchObject({ decision: "allow" })
    expect(calls[1].headers.get("idempotency-key")).toBe("k1")
  })

  it("falls back to body.retry_after_s, then to 1 s, and caps the wait at maxRetryDelayMs", async () => {
    jest.useFakeTimers()
    const { fetch, calls } = fakeFetch(
      json(429, { type: "rate_limited", message: "a", retry_after_s: 2 }),
      json(429, { type: "rate_limited", message: "b" }),
      json(200, { modules: [], packs: [] }),
      json(429, { type: "rate_limited", message: "c" }, { "retry-after": "3600" }),
      json(200, { modules: [], packs: [] })
    )
    const ai = client(fetch, { maxRetryDelayMs: 500 })
    const slow = client(fetch, { maxRetries: 2 })

    const first = slow.pricing()
    await jest.advanceTimersByTimeAsync(1_999)
    expect(calls).toHaveLength(1)
    await jest.advanceTimersByTimeAsync(1) // body.retry_after_s = 2
    expect(calls).toHaveLength(2)
    await jest.advanceTimersByTimeAsync(999)
    expect(calls).toHaveLength(2)
    await jest.advanceTimersByTimeAsync(1) // default 1 s
    expect(calls).toHaveLength(3)
    await first

    const capped = ai.pricing()
    await jest.advanceTimersByTimeAsync(499)
    expect(calls).toHaveLength(4)
    await jest.advanceTimersByTimeAsync(1) // an hour, capped at 500 ms
    expect(calls).toHaveLength(5)
    await capped
  })

  it("accepts an HTTP-date Retry-After", async () => {
    jest.useFakeTimers({ now: new Date("2026-11-25T12:00:00.000Z") })
    const { fetch, calls } = fakeFetch(
      json(429, { type: "rate_limited", message: "x" }, { "retry-after": "Wed, 25 Nov 2026 12:00:04 GMT" }),
      json(200, { modules: [], packs: [] })
    )
    const pending = client(fetch).pricing()
    await jest.advanceTimersByTimeAsync(3_999)
    expect(calls).toHaveLength(1)
    await jest.advanceTimersByTimeAsync(1)
    await pending
    expect(calls).toHaveLength(2)
  })

  it("throws a rate-limited error after maxRetries retries", async () => {
    const limited = () => json(429, { type: "rate_limited", message: "cooldown", retry_after_s: 0 }, { "retry-after": "0" })
    const { fetch, calls } = fakeFetch(limited(), limited(), limited())

    const error = await rejection(client(fetch).invoke({ module: "chatbot", input: { prompt: "hi" } }))

    expect(calls).toHaveLength(3) // 1 + maxRetries (2)
    expect(error).toBeInstanceOf(AiCreditsApiError)
    const apiError = error as AiCreditsApiError
    expect(apiError.isRateLimited()).toBe(true)
    expect(apiError.status).toBe(429)
    expect(apiError.type).toBe("rate_limited")
    expect(apiError.retryAfterSeconds).toBe(0)
    expect(apiError.message).toBe("cooldown")
  })

  it("does not retry with maxRetries: 0, and reads retry_after_s when there is no header", async () => {
    const { fetch, calls } = fakeFetch(json(429, { type: "rate_limited", message: "x", retry_after_s: 7 }))
    const error = (await rejection(client(fetch, { maxRetries: 0 }).wallet())) as AiCreditsApiError
    expect(calls).toHaveLength(1)
    expect(error.retryAfterSeconds).toBe(7)
    expect(error.isRateLimited() && error.body.retry_after_s).toBe(7)
  })

  it("stops waiting when the signal aborts", async () => {
    jest.useFakeTimers()
    const { fetch, calls } = fakeFetch(json(429, { type: "rate_limited", message: "x" }, { "retry-after": "5" }))
    const controller = new AbortController()
    const pending = client(fetch).wallet({ signal: controller.signal })
    const settled = rejection(pending)
    await jest.advanceTimersByTimeAsync(100)
    controller.abort()
    const error = (await settled) as Error
    expect(error.name).toBe("AbortError")
    expect(calls).toHaveLength(1)
  })
})

describe("other errors are not retried", () => {
  it.each([400, 402, 403, 404, 409, 500, 502, 503])("%i is thrown at once", async (status) => {
    const { fetch, calls } = fakeFetch(json(status, { type: "some_type", message: `status ${status}` }))
    const error = (await rejection(client(fetch).recordUsage({ module: "m", usage }))) as AiCreditsApiError
    expect(calls).toHaveLength(1)
    expect(error.status).toBe(status)
    expect(error.type).toBe("some_type")
    expect(error.message).toBe(`status ${status}`)
  })

  it("retries a network TypeError once for calls with an idempotency key, with the same key", async () => {
    const { fetch, calls } = fakeFetch(
      new TypeError("fetch failed"),
      json(200, { decision: "allow", authorization, balance }),
      new TypeError("fetch failed"),
      new TypeError("fetch failed")
    )
    const ai = client(fetch)

    await ai.authorize({ module: "chatbot" }, { idempotencyKey: "k" })
    expect(calls).toHaveLength(2)
    expect(calls.map((c) => c.headers.get("idempotency-key"))).toEqual(["k", "k"])

    // Only once: the second failure is thrown as is.
    const error = await rejection(ai.capture("aires_1", { usage }))
    expect(error).toBeInstanceOf(TypeError)
    expect(calls).toHaveLength(4)
  })

  it("retries capture and release once on a network error", async () => {
    const { fetch, calls } = fakeFetch(
      new TypeError("network"),
      json(200, { usage_event: usageEvent, balance }),
      new TypeError("network"),
      json(200, { authorization, balance })
    )
    const ai = client(fetch)
    await ai.capture("aires_1", { usage })
    await ai.release("aires_1")
    expect(calls).toHaveLength(4)
  })

  it("does not retry network errors without an idempotency key", async () => {
    const { fetch, calls } = fakeFetch(new TypeError("a"), new TypeError("b"), new TypeError("c"))
    const ai = client(fetch)

    await expect(ai.authorize({ module: "chatbot" })).rejects.toThrow("a")
    await expect(ai.invoke({ module: "chatbot", input: { prompt: "hi" } })).rejects.toThrow("b")
    await expect(ai.wallet()).rejects.toThrow("c")
    expect(calls).toHaveLength(3)
  })

  it("does not retry other exceptions from fetch", async () => {
    const { fetch, calls } = fakeFetch(new Error("boom"))
    await expect(client(fetch).recordUsage({ module: "m", usage })).rejects.toThrow("boom")
    expect(calls).toHaveLength(1)
  })

  it.each([
    [400, "invalid_data"],
    [401, "unauthorized"],
    [403, "not_allowed"],
    [404, "not_found"],
    [409, "conflict"],
    [503, "service_unavailable"],
  ])("types a %i whose body has no type (Medusa's own 401, a proxy) as %s", async (status, type) => {
    const { fetch } = fakeFetch(json(status, { message: "Unauthorized" }), new Response("<html>down</html>", { status }))
    const ai = client(fetch)

    const error = (await rejection(ai.wallet())) as AiCreditsApiError
    expect([error.status, error.type, error.message]).toEqual([status, type, "Unauthorized"])
    const notJson = (await rejection(ai.pricing())) as AiCreditsApiError
    expect([notJson.status, notJson.type]).toEqual([status, type])
  })

  it("keeps a non-JSON error body as its message", async () => {
    const { fetch } = fakeFetch(new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }))
    const error = (await rejection(client(fetch).pricing())) as AiCreditsApiError
    expect(error.status).toBe(502)
    expect(error.type).toBe("unknown_error")
    expect(error.body).toEqual({ message: "<html>Bad gateway</html>" })
    expect(error.retryAfterSeconds).toBeNull()
  })

  it("rejects a 2xx body that is not JSON", async () => {
    const { fetch } = fakeFetch(new Response("ok", { status: 200 }))
    const error = (await rejection(client(fetch).pricing())) as AiCreditsApiError
    expect(error.type).toBe("invalid_response")
  })
})

describe("402 insufficient credits and fallbacks", () => {
  const upgrade = {
    packs: [
      {
        id: "pack_1",
        title: "1,000 credits",
        credits: 1000,
        variant_id: "variant_1",
        product_id: "prod_1",
        prices: [{ amount: 9.99, currency_code: "eur" }],
      },
    ],
    plans: [{ id: "plan_pro", title: "Pro" }],
  }

  it("throws a typed error carrying the fallback and the upgrade packs", async () => {
    const { fetch } = fakeFetch(
      json(402, {
        type: "insufficient_credits",
        message: "Not enough credits",
        fallback: { type: "upgrade_prompt" },
        upgrade,
      })
    )

    const error = await rejection(client(fetch).authorize({ module: "chatbot" }))

    expect(error).toBeInstanceOf(Error)
    expect(isAiCreditsApiError(error)).toBe(true)
    if (!isAiCreditsApiError(error) || !error.isInsufficientCredits()) {
      throw new Error("expected insufficient credits")
    }
    // Narrowed: `fallback` is disable | upgrade_prompt, `body.upgrade` is typed.
    expect(error.fallback.type).toBe("upgrade_prompt")
    expect(error.upgrade?.packs[0].variant_id).toBe("variant_1")
    expect(error.body.upgrade?.packs[0].prices[0].currency_code).toBe("eur")
    expect(error.upgrade?.plans[0].id).toBe("plan_pro")
    expect(error.isRateLimited()).toBe(false)
    expect(error.name).toBe("AiCreditsApiError")
    expect(error.message).toBe("Not enough credits")
  })

  it("a 402 disable has a fallback and no upgrade", async () => {
    const { fetch } = fakeFetch(json(402, { type: "insufficient_credits", message: "off", fallback: { type: "disable" } }))
    const error = (await rejection(client(fetch).invoke({ module: "search", input: { prompt: "q" } }))) as AiCreditsApiError
    expect(error.isInsufficientCredits()).toBe(true)
    expect(error.fallback).toEqual({ type: "disable" })
    expect(error.upgrade).toBeNull()
  })

  it("a 402 cheaper_model (the cheaper model is unaffordable too) still offers packs", async () => {
    const { fetch } = fakeFetch(
      json(402, {
        type: "insufficient_credits",
        message: "Not enough credits",
        fallback: { type: "cheaper_model", message: "Top up to keep chatting" },
        upgrade,
        required: 5,
        available: 1,
        balance: { available: 1, reserved: 0 },
      })
    )
    const error = await rejection(client(fetch).invoke({ module: "chatbot", input: { prompt: "hi" } }))
    if (!isAiCreditsApiError(error) || !error.isInsufficientCredits()) {
      throw new Error("expected insufficient credits")
    }
    expect(error.fallback).toEqual({ type: "cheaper_model", message: "Top up to keep chatting" })
    expect(error.body.required).toBe(5)
    expect(error.upgrade?.packs).toHaveLength(1)
  })

  it("a 200 fallback decision is a result, not an error", async () => {
    const fallback = { type: "degrade", message: "Using keyword search" }
    const { fetch, calls } = fakeFetch(
      json(200, { decision: "fallback", authorization: null, fallback }),
      json(200, { decision: "fallback", fallback })
    )
    const ai = client(fetch)

    const authorized = await ai.authorize({ module: "search" })
    const invoked = await ai.invoke({ module: "search", input: { prompt: "waterproof jacket" } })

    expect(authorized.decision).toBe("fallback")
    if (authorized.decision === "fallback") {
      expect(authorized.authorization).toBeNull()
      expect(authorized.fallback.message).toBe("Using keyword search")
    }
    expect(invoked).toEqual({ decision: "fallback", fallback })
    expect(calls[1].body).toEqual({ module: "search", input: { prompt: "waterproof jacket" }, stream: false })
  })

  it("recognises an error from another copy of the package by its shape", () => {
    const foreign = Object.assign(new Error("x"), {
      name: "AiCreditsApiError",
      status: 402,
      isInsufficientCredits: () => true,
    })
    expect(isAiCreditsApiError(foreign)).toBe(true)
    expect(isAiCreditsApiError(new Error("x"))).toBe(false)
    expect(isAiCreditsApiError(null)).toBe(false)
  })
})

describe("SseParser", () => {
  it("parses events, multi-line data, comments, ids and fields without a value", () => {
    const parser = new SseParser()
    const messages = parser.push(
      ": keep-alive\n" +
        "event: delta\n" +
        "id: 7\n" +
        "retry: 3000\n" +
        "data: line one\n" +
        "data:line two\n" +
        "data\n" +
        "unknown: ignored\n" +
        "\n" +
        "data: unnamed\n\n" +
        "event: only-event\n\n"
    )
    expect(messages).toEqual([
      { event: "delta", data: "line one\nline two\n", id: "7", retry: 3000 },
      { event: "message", data: "unnamed", id: "7", retry: 3000 },
    ])
  })

  it("handles CRLF, lone CR, a leading BOM and lines split anywhere", () => {
    const text = "\uFEFFevent: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n"
    const expected = [
      { event: "a", data: "1" },
      { event: "b", data: "2" },
      { event: "message", data: "3" },
    ]
    expect(new SseParser().push(text)).toEqual(expected)
    for (let size = 1; size <= 5; size++) {
      const parser = new SseParser()
      const messages = []
      for (let i = 0; i < text.length; i += size) {
        messages.push(...parser.push(text.slice(i, i + size)))
      }
      messages.push(...parser.end())
      expect(messages).toEqual(expected)
    }
  })

  it("does not make an empty line of a CRLF split between chunks", () => {
    const parser = new SseParser()
    expect(parser.push("data: x\r")).toEqual([])
    expect(parser.push("\n")).toEqual([])
    expect(parser.push("data: y\r")).toEqual([])
    expect(parser.push("\n\r\n")).toEqual([{ event: "message", data: "x\ny" }])
  })

  it("dispatches a last event without its blank line at the end", () => {
    const parser = new SseParser()
    expect(parser.push("event: done\ndata: {}")).toEqual([])
    expect(parser.end()).toEqual([{ event: "done", data: "{}" }])
  })
})

describe("invokeStream", () => {
  const body = {
    module: "chatbot",
    model: "gpt-4o-mini",
    input: { messages: [{ role: "user" as const, content: "Which jacket is waterproof?" }] },
    conversation_id: "conv_1",
  }

  it("streams start, deltas and done; result has the whole output", async () => {
    const { fetch, calls } = fakeFetch(sse([START, delta("Our "), ": ping\n\n", delta("Storm jacket"), DONE]))
    const stream = client(fetch, { getToken: () => "tok" }).invokeStream(body)

    const events = await collect(stream)

    expect(events).toEqual([
      { type: "start", authorization_id: "aires_1", provider: "openai", model: "gpt-4o-mini" },
      { type: "delta", text: "Our " },
      { type: "delta", text: "Storm jacket" },
      { type: "done", ...DONE_DATA },
    ])
    await expect(stream.result).resolves.toEqual({
      decision: "allow",
      output: "Our Storm jacket",
      authorization_id: "aires_1",
      provider: "openai",
      model: "gpt-4o-mini",
      ...DONE_DATA,
    })
    expect(calls[0].url).toBe("https://api.shop.test/store/ai-credits/invoke")
    expect(calls[0].body).toEqual({ ...body, stream: true })
    expect(calls[0].headers.get("accept")).toBe("text/event-stream")
    expect(calls[0].headers.get("authorization")).toBe("Bearer tok")
    expect(calls[0].headers.get("x-publishable-api-key")).toBe("pk_test")
  })

  it("reassembles lines, CRLFs and UTF-8 characters split across chunks", async () => {
    const text = (START + delta("Wasserdicht: ja ✓ — 防水 🧥") + DONE).replace(/\n/g, "\r\n")
    const bytes = encoder.encode(text)
    // Every byte its own chunk: splits CRLFs, JSON and multi-byte characters.
    const chunks = Array.from(bytes, (byte) => new Uint8Array([byte]))
    const { fetch } = fakeFetch(sse(chunks))

    const stream = client(fetch).invokeStream(body)
    const events = await collect(stream)

    expect(events.map((e) => e.type)).toEqual(["start", "delta", "done"])
    const result = await stream.result
    expect(result.decision === "allow" && result.output).toBe("Wasserdicht: ja ✓ — 防水 🧥")
  })

  it("splits at odd places: mid-field, mid-JSON, between CR and LF", async () => {
    const text =
      START +
      delta("a\nb") +
      'event: delta\ndata: {"text":\ndata: "multi-line"}\n\n' + // data lines are joined with \n
      'data: {"text":"unnamed"}\n\n' +
      DONE
    const crlf = text.replace(/\n/g, "\r\n")
    const cuts = [3, 9, 40, 41, 42, 77, 78, 120, 121, 150, 151, 190]
    const chunks: string[] = []
    let from = 0
    for (const cut of cuts) {
      chunks.push(crlf.slice(from, cut))
      from = cut
    }
    chunks.push(crlf.slice(from))
    expect(chunks.join("")).toBe(crlf)
    const { fetch } = fakeFetch(sse(chunks))

    const stream = client(fetch).invokeStream(body)
    const events = await collect(stream)

    // The event without an "event:" line is skipped: unnamed events are not part of the contract.
    expect(events).toEqual([
      expect.objectContaining({ type: "start" }),
      { type: "delta", text: "a\nb" },
      { type: "delta", text: "multi-line" },
      expect.objectContaining({ type: "done" }),
    ])
  })

  it("throws an AiCreditsApiError from the iterator on an error event, after the earlier events", async () => {
    const { fetch } = fakeFetch(
      sse([START, delta("Our "), 'event: error\ndata: {"type":"provider_error","message":"upstream timeout"}\n\n'])
    )
    const stream = client(fetch).invokeStream(body)

    const seen: StreamEvent[] = []
    let thrown: unknown
    try {
      for await (const event of stream) {
        seen.push(event)
      }
    } catch (error) {
      thrown = error
    }

    expect(seen.map((e) => e.type)).toEqual(["start", "delta"])
    expect(thrown).toBeInstanceOf(AiCreditsApiError)
    expect((thrown as AiCreditsApiError).type).toBe("provider_error")
    expect((thrown as AiCreditsApiError).message).toBe("upstream timeout")
    await expect(stream.result).rejects.toBe(thrown)
  })

  it("rejects when the stream ends without a done event", async () => {
    const { fetch } = fakeFetch(sse([START, delta("cut")]))
    const stream = client(fetch).invokeStream(body)
    await expect(collect(stream)).rejects.toMatchObject({ type: "stream_incomplete" })
    await expect(stream.result).rejects.toMatchObject({ type: "stream_incomplete" })
  })

  it("throws HTTP errors before the stream from the iterator and result (402 with packs)", async () => {
    const { fetch } = fakeFetch(
      json(402, {
        type: "insufficient_credits",
        message: "Top up",
        fallback: { type: "upgrade_prompt" },
        upgrade: { packs: [], plans: [] },
      })
    )
    const stream = client(fetch).invokeStream(body)
    const error = await rejection(collect(stream))
    expect(isAiCreditsApiError(error) && error.isInsufficientCredits()).toBe(true)
    await expect(stream.result).rejects.toBe(error)
  })

  it("retries a 429 before the stream starts", async () => {
    const { fetch, calls } = fakeFetch(
      json(429, { type: "rate_limited", message: "x" }, { "retry-after": "0" }),
      sse([START, delta("ok"), DONE])
    )
    const stream = client(fetch).invokeStream(body)
    const result = await stream.result
    expect(result.decision === "allow" && result.output).toBe("ok")
    expect(calls).toHaveLength(2)
  })

  it("turns a JSON degrade answer into a fallback event and result", async () => {
    const fallback = { type: "degrade", message: "Keyword search instead" }
    const { fetch } = fakeFetch(json(200, { decision: "fallback", fallback }))
    const stream = client(fetch).invokeStream(body)

    expect(await collect(stream)).toEqual([{ type: "fallback", fallback }])
    await expect(stream.result).resolves.toEqual({ decision: "fallback", fallback })
  })

  it("turns an SSE fallback event into a fallback event and result", async () => {
    const fallback = { type: "degrade", message: "Keyword search instead" }
    const balance0 = { available: 0, reserved: 0 }
    const { fetch } = fakeFetch(
      sse([`event: fallback\ndata: ${JSON.stringify({ decision: "fallback", fallback, balance: balance0 })}\n\n`])
    )
    const stream = client(fetch).invokeStream(body)

    expect(await collect(stream)).toEqual([{ type: "fallback", fallback, balance: balance0 }])
    await expect(stream.result).resolves.toEqual({ decision: "fallback", fallback, balance: balance0 })
  })

  it("takes provider and model from done over start, and passes completed and fallback through", async () => {
    const cheaper = { type: "cheaper_model", from_model: "gpt-4o", to_model: "gpt-4o-mini" }
    const start = `event: start\ndata: ${JSON.stringify({ authorization_id: "aires_2", provider: "openai", model: "gpt-4o-mini", fallback: cheaper })}\n\n`
    const done = { ...DONE_DATA, provider: "openai", model: "gpt-4o-mini-2024", fallback: cheaper, completed: false }
    const { fetch } = fakeFetch(sse([start, delta("Hi"), `event: done\ndata: ${JSON.stringify(done)}\n\n`]))
    const stream = client(fetch).invokeStream(body)

    const events = await collect(stream)
    expect(events[0]).toEqual({ type: "start", authorization_id: "aires_2", provider: "openai", model: "gpt-4o-mini", fallback: cheaper })
    await expect(stream.result).resolves.toEqual({
      decision: "allow",
      output: "Hi",
      authorization_id: "aires_2",
      ...done,
    })
  })

  it("replays every event to an iterator started after the end", async () => {
    const { fetch } = fakeFetch(sse([START, delta("x"), DONE]))
    const stream = client(fetch).invokeStream(body)
    await stream.result
    expect((await collect(stream)).map((e) => e.type)).toEqual(["start", "delta", "done"])
    expect((await collect(stream)).map((e) => e.type)).toEqual(["start", "delta", "done"])
  })

  it("abort() stops the request: the iterator ends quietly, result rejects with AbortError", async () => {
    let requestSignal: AbortSignal | undefined
    const { fetch } = fakeFetch((url, init) => {
      requestSignal = init.signal ?? undefined
      return sse([START, delta("Our ")], { hold: true })(url, init)
    })
    const stream = client(fetch).invokeStream(body)

    const seen: StreamEvent[] = []
    for await (const event of stream) {
      seen.push(event)
      if (event.type === "delta") {
        stream.abort()
      }
    }

    expect(seen.map((e) => e.type)).toEqual(["start", "delta"])
    expect(requestSignal?.aborted).toBe(true)
    const error = (await rejection(stream.result)) as Error
    expect(error.name).toBe("AbortError")
    // Aborting a finished stream is a no-op.
    stream.abort()
  })

  it("abort() before the response arrives rejects result", async () => {
    const { fetch } = fakeFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason))
        })
    )
    const stream = client(fetch).invokeStream(body)
    const iterating = collect(stream)
    await Promise.resolve()
    stream.abort()
    await expect(iterating).resolves.toEqual([])
    await expect(stream.result).rejects.toMatchObject({ name: "AbortError" })
  })

  it("leaving the for-await loop early aborts the request", async () => {
    let requestSignal: AbortSignal | undefined
    const { fetch } = fakeFetch((url, init) => {
      requestSignal = init.signal ?? undefined
      return sse([START, delta("a"), delta("b")], { hold: true })(url, init)
    })
    const stream = client(fetch).invokeStream(body)

    for await (const event of stream) {
      if (event.type === "start") {
        break
      }
    }

    expect(requestSignal?.aborted).toBe(true)
    await expect(stream.result).rejects.toMatchObject({ name: "AbortError" })
  })

  it("follows an external signal, and keeps its reason", async () => {
    const controller = new AbortController()
    const { fetch } = fakeFetch(sse([START], { hold: true }))
    const stream = client(fetch).invokeStream(body, { signal: controller.signal })
    const events: StreamEvent[] = []
    for await (const event of stream) {
      events.push(event)
      controller.abort(new Error("widget closed"))
    }
    expect(events).toHaveLength(1)
    await expect(stream.result).rejects.toThrow("widget closed")
  })

  it("never leaves an unhandled rejection when only the iterator is used", async () => {
    const unhandled = jest.fn()
    process.on("unhandledRejection", unhandled)
    try {
      const { fetch } = fakeFetch(json(500, { type: "unknown", message: "x" }))
      const stream = client(fetch).invokeStream(body)
      await expect(collect(stream)).rejects.toThrow("x")
      await new Promise((resolve) => setTimeout(resolve, 10))
    } finally {
      process.off("unhandledRejection", unhandled)
    }
    expect(unhandled).not.toHaveBeenCalled()
  })
})

describe("visitor id", () => {
  it("sends the widget's visitor id so a guest owns its authorizations and limits", async () => {
    const seen: Record<string, string>[] = []
    const fetchStub = async (_url: string, init: RequestInit) => {
      seen.push(init.headers as Record<string, string>)
      return new Response(JSON.stringify({ rounding: "", modules: [], packs: [] }), {
        status: 200,
        headers: { "content-type": "application/json" },
      })
    }
    const client = createAiCreditsClient({
      baseUrl: "http://store.test",
      publishableKey: "pk_test",
      visitorId: () => "visitor-42",
      fetch: fetchStub,
    })
    await client.pricing()
    expect(seen[0]["x-visitor-id"]).toEqual("visitor-42")
  })
})
