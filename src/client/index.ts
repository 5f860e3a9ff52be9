/**
 * `medusa-ai-credits/client`: a typed client of the plugin's store API (`docs/STORE_API.md`) for
 * storefront widgets. It runs in browsers and in Node 20+: it uses only `fetch`, `TextDecoder`,
 * `AbortController` and `crypto`, and has no dependencies.
 *
 * This file holds all the runtime code on purpose: the ESM build then has no relative imports
 * that would need file extensions. `./types.js` is imported for types only (erased on emit).
 */
import type {
  AiCreditsClient,
  AiCreditsClientOptions,
  AiCreditsErrorBody,
  AiCreditsErrorType,
  AiCreditsStream,
  AuthorizeOptions,
  AuthorizeRequest,
  AuthorizeResponse,
  CaptureRequest,
  CaptureResponse,
  FetchLike,
  InsufficientCreditsErrorBody,
  InsufficientCreditsFallback,
  InvokeFallbackResponse,
  InvokeRequest,
  InvokeResponse,
  InvokeStreamOptions,
  InvokeStreamResult,
  ListUsageQuery,
  ListUsageResponse,
  PricingResponse,
  RateLimitedErrorBody,
  RecordUsageOptions,
  RecordUsageRequest,
  RecordUsageResponse,
  RejectUsageRequest,
  RejectUsageResponse,
  ReleaseResponse,
  RequestOptions,
  StreamDoneData,
  StreamEvent,
  StreamStartData,
  UpgradeOffer,
  WalletResponse,
} from "./types.js"

export type {
  AiChatMessage,
  AiCreditsAuthorization,
  AiCreditsBalance,
  AiCreditsClient,
  AiCreditsClientOptions,
  AiCreditsErrorBody,
  AiCreditsErrorType,
  AiCreditsFallback,
  AiCreditsRequestCredentials,
  AiCreditsStream,
  AiRequestContext,
  AiUsage,
  AiUsageEstimate,
  AiUsageInput,
  AuthorizationStatus,
  AuthorizeAllowResponse,
  AuthorizeFallbackResponse,
  AuthorizeOptions,
  AuthorizeRequest,
  AuthorizeResponse,
  CaptureRequest,
  CaptureResponse,
  CheaperModelFallback,
  CheaperModelUnavailableFallback,
  CreditPack,
  CreditPackPrice,
  CreditPlan,
  CustomerWallet,
  DegradeFallback,
  DisableFallback,
  FetchLike,
  InsufficientCreditsErrorBody,
  InsufficientCreditsFallback,
  InvokeAllowResponse,
  InvokeFallbackResponse,
  InvokeInput,
  InvokeRequest,
  InvokeResponse,
  InvokeStreamCompletion,
  InvokeStreamOptions,
  InvokeStreamResult,
  ListUsageQuery,
  ListUsageResponse,
  ModelRates,
  PricingModel,
  PricingModule,
  PricingResponse,
  RateLimitedErrorBody,
  RecordUsageOptions,
  RecordUsageRequest,
  RecordUsageResponse,
  RejectUsageRequest,
  RejectUsageResponse,
  ReleaseResponse,
  RequestOptions,
  StreamDeltaEvent,
  StreamDoneData,
  StreamDoneEvent,
  StreamEvent,
  StreamFallbackEvent,
  StreamStartData,
  StreamStartEvent,
  UpgradeOffer,
  UpgradePromptFallback,
  UsageEvent,
  VisibleBalance,
  WalletGrant,
  WalletResponse,
} from "./types.js"

const ROUTES = "/store/ai-credits"
const DEFAULT_MAX_RETRIES = 2
const DEFAULT_MAX_RETRY_DELAY_MS = 10_000
/** The error type of a status whose body names none. */
const TYPE_OF_STATUS: Record<number, AiCreditsErrorType> = {
  400: "invalid_data",
  401: "unauthorized",
  403: "not_allowed",
  404: "not_found",
  409: "conflict",
  429: "rate_limited",
  503: "service_unavailable",
}

/** The wait before retrying a 429 that says nothing about when to come back. */
const DEFAULT_RETRY_AFTER_S = 1

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** An `AiCreditsApiError` for a 402: the payer cannot pay; `fallback` says what to show. */
export type InsufficientCreditsError = AiCreditsApiError & {
  readonly status: 402
  readonly type: "insufficient_credits"
  readonly body: InsufficientCreditsErrorBody
  readonly fallback: InsufficientCreditsFallback
}

/** An `AiCreditsApiError` for a 429 (after the client's own retries). */
export type RateLimitedError = AiCreditsApiError & {
  readonly status: 429
  readonly body: RateLimitedErrorBody
}

export type AiCreditsApiErrorInit = {
  status: number
  /** The parsed error body; `type` and `message` are read from it. */
  body?: AiCreditsErrorBody | null
  message?: string
  retryAfterSeconds?: number | null
}

/**
 * A non-2xx answer of the store API (also an `event: error` in a stream, and a 2xx body that is
 * not what the route promises). Network failures are not wrapped: `fetch` throws a `TypeError`.
 */
export class AiCreditsApiError extends Error {
  override readonly name = "AiCreditsApiError"
  /** The HTTP status (200 for an `event: error` inside a stream). */
  readonly status: number
  /**
   * `body.type`, e.g. "insufficient_credits"; when the body has none (Medusa's own 401, a proxy's
   * page), the status's: 400 `invalid_data`, 401 `unauthorized`, 403 `not_allowed`, 404
   * `not_found`, 409 `conflict`, 429 `rate_limited`, 503 `service_unavailable`; else "unknown_error".
   */
  readonly type: AiCreditsErrorType
  /** The parsed JSON body (`{ message }` with the raw text when it was not JSON). */
  readonly body: AiCreditsErrorBody
  /**
   * When to try again, in seconds: the `Retry-After` header, else the body's `retry_after_s`,
   * else null. (Browsers hide `Retry-After` cross-origin unless the server exposes it.)
   */
  readonly retryAfterSeconds: number | null
  /** With a 402: what the module does when the payer cannot pay (`disable`, `upgrade_prompt`, ...). */
  readonly fallback: InsufficientCreditsFallback | null
  /** With a 402 `upgrade_prompt` (or `cheaper_model`): the credit packs and plans to offer. */
  readonly upgrade: UpgradeOffer | null

  constructor(init: AiCreditsApiErrorInit) {
    const body: AiCreditsErrorBody = init.body ?? {}
    super(
      init.message ??
        (typeof body.message === "string" && body.message
          ? body.message
          : `AI credits request failed with status ${init.status}`)
    )
    Object.setPrototypeOf(this, new.target.prototype)
    this.status = init.status
    this.body = body
    this.type = typeof body.type === "string" && body.type ? body.type : (TYPE_OF_STATUS[init.status] ?? "unknown_error")
    const bodyRetryAfter = body.retry_after_s
    this.retryAfterSeconds =
      init.retryAfterSeconds ??
      (typeof bodyRetryAfter === "number" && Number.isFinite(bodyRetryAfter) && bodyRetryAfter >= 0
        ? bodyRetryAfter
        : null)
    this.fallback = isRecord(body.fallback) && typeof body.fallback.type === "string"
      ? (body.fallback as InsufficientCreditsFallback)
      : null
    this.upgrade = isRecord(body.upgrade) && Array.isArray(body.upgrade.packs)
      ? { packs: body.upgrade.packs, plans: Array.isArray(body.upgrade.plans) ? body.upgrade.plans : [] } as UpgradeOffer
      : null
  }

  /** 402 `insufficient_credits`: show `upgrade` (packs, plans) or turn the feature off. */
  isInsufficientCredits(): this is InsufficientCreditsError {
    return this.status === 402 && this.type === "insufficient_credits"
  }

  /** 429: still rate limited after the client's retries; see `retryAfterSeconds`. */
  isRateLimited(): this is RateLimitedError {
    return this.status === 429
  }
}

/**
 * Whether `error` is an `AiCreditsApiError`, also when it comes from another copy of this
 * package (e.g. the CommonJS and the ESM build both loaded), where `instanceof` fails.
 */
export function isAiCreditsApiError(error: unknown): error is AiCreditsApiError {
  return (
    error instanceof AiCreditsApiError ||
    (isRecord(error) &&
      error.name === "AiCreditsApiError" &&
      typeof error.status === "number" &&
      typeof error.isInsufficientCredits === "function")
  )
}

// ---------------------------------------------------------------------------------------------
// Server-sent events
// ---------------------------------------------------------------------------------------------

/** One dispatched server-sent event. `event` is "message" when the server named none. */
export type SseMessage = { event: string; data: string; id?: string; retry?: number }

const LINE_BREAK = /\r\n|\r|\n/g

/**
 * An incremental `text/event-stream` parser (WHATWG HTML, "Interpreting an event stream"): feed
 * it decoded text in chunks of any size, get back the events completed so far. Handles `event:`,
 * multi-line `data:`, `id:`, `retry:`, comments (`:`), CRLF/CR/LF line ends (also a CRLF split
 * across chunks) and a leading BOM. Unlike browsers, `end()` also dispatches a last event that
 * lacks its closing blank line.
 */
export class SseParser {
  private buffer = ""
  private started = false
  /** The previous chunk ended with CR: a LF opening the next chunk belongs to it. */
  private skipLeadingLf = false
  private eventType = ""
  private dataLines: string[] = []
  private lastEventId: string | undefined
  private retry: number | undefined

  push(chunk: string): SseMessage[] {
    const messages: SseMessage[] = []
    let text = chunk
    if (!this.started && text.length) {
      this.started = true
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1)
      }
    }
    if (this.skipLeadingLf && text.length) {
      this.skipLeadingLf = false
      if (text[0] === "\n") {
        text = text.slice(1)
      }
    }
    text = this.buffer + text
    let position = 0
    LINE_BREAK.lastIndex = 0
    for (let match = LINE_BREAK.exec(text); match; match = LINE_BREAK.exec(text)) {
      this.line(text.slice(position, match.index), messages)
      position = match.index + match[0].length
      if (match[0] === "\r" && position === text.length) {
        this.skipLeadingLf = true
      }
    }
    this.buffer = text.slice(position)
    return messages
  }

  /** The stream ended: the last line and event, even without their line break. */
  end(): SseMessage[] {
    const messages: SseMessage[] = []
    if (this.buffer) {
      this.line(this.buffer, messages)
      this.buffer = ""
    }
    this.dispatch(messages)
    this.skipLeadingLf = false
    return messages
  }

  private line(line: string, messages: SseMessage[]): void {
    if (line === "") {
      this.dispatch(messages)
      return
    }
    if (line[0] === ":") {
      return
    }
    const colon = line.indexOf(":")
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? "" : line.slice(colon + 1)
    if (value[0] === " ") {
      value = value.slice(1)
    }
    switch (field) {
      case "event":
        this.eventType = value
        break
      case "data":
        this.dataLines.push(value)
        break
      case "id":
        if (!value.includes("\0")) {
          this.lastEventId = value
        }
        break
      case "retry":
        if (/^\d+$/.test(value)) {
          this.retry = Number(value)
        }
        break
      default:
        break
    }
  }

  private dispatch(messages: SseMessage[]): void {
    if (this.dataLines.length) {
      const message: SseMessage = { event: this.eventType || "message", data: this.dataLines.join("\n") }
      if (this.lastEventId !== undefined) {
        message.id = this.lastEventId
      }
      if (this.retry !== undefined) {
        message.retry = this.retry
      }
      messages.push(message)
    }
    this.eventType = ""
    this.dataLines = []
  }
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

type Call = {
  method: "GET" | "POST"
  path: string
  query?: Record<string, number | string | undefined>
  body?: unknown
  idempotencyKey?: string
  /** Retry once when `fetch` itself fails (TypeError): only for idempotent calls. */
  retryNetworkError?: boolean
  signal?: AbortSignal
  accept?: string
}

/**
 * Creates a client of the plugin's store API.
 *
 * - Every request sends `x-publishable-api-key`, and `authorization: Bearer <token>` when
 *   `getToken` returns one (or set `credentials: "include"` for the session cookie).
 * - Non-2xx answers throw an {@link AiCreditsApiError}. A 429 is retried after its
 *   `Retry-After` (at most `maxRetryDelayMs`), `maxRetries` times; other statuses are not retried.
 *   A network failure is retried once for calls that are safe to repeat (`recordUsage`,
 *   `capture`, `release`, `authorize` with an `idempotencyKey`), with the same idempotency key.
 * - A `degrade` fallback is a 200 with `decision: "fallback"`, not an error.
 *
 * @example A chatbot widget
 * ```ts
 * import { createAiCreditsClient, isAiCreditsApiError } from "medusa-ai-credits/client"
 *
 * const ai = createAiCreditsClient({ baseUrl: "https://api.shop.test", publishableKey: "pk_123",
 *   getToken: () => localStorage.getItem("medusa_auth_token") })
 *
 * async function reply(question: string, show: (text: string) => void) {
 *   try {
 *     const stream = ai.invokeStream({ module: "chatbot", input: { messages: [{ role: "user", content: question }] } })
 *     let text = ""
 *     for await (const event of stream) {
 *       if (event.type === "delta") show((text += event.text))
 *       if (event.type === "fallback") show(event.fallback.message) // out of credits: non-AI answer
 *     }
 *   } catch (error) {
 *     if (isAiCreditsApiError(error) && error.isInsufficientCredits()) showPacks(error.upgrade?.packs ?? [])
 *     else if (isAiCreditsApiError(error) && error.isRateLimited()) show(`Busy, try again in ${error.retryAfterSeconds ?? 1} s`)
 *     else throw error
 *   }
 * }
 * ```
 */
export function createAiCreditsClient(options: AiCreditsClientOptions): AiCreditsClient {
  if (!options || typeof options.baseUrl !== "string" || !options.baseUrl) {
    throw new TypeError("createAiCreditsClient: `baseUrl` is required")
  }
  if (typeof options.publishableKey !== "string" || !options.publishableKey) {
    throw new TypeError("createAiCreditsClient: `publishableKey` is required")
  }
  const baseUrl = options.baseUrl.replace(/\/+$/, "")
  const maxRetries = nonNegative(options.maxRetries, DEFAULT_MAX_RETRIES, true)
  const maxRetryDelayMs = nonNegative(options.maxRetryDelayMs, DEFAULT_MAX_RETRY_DELAY_MS, false)

  function url(call: Call): string {
    let target = `${baseUrl}${ROUTES}${call.path}`
    const params: string[] = []
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) {
        params.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      }
    }
    if (params.length) {
      target += `?${params.join("&")}`
    }
    return target
  }

  async function headers(call: Call): Promise<Record<string, string>> {
    const result: Record<string, string> = {
      accept: call.accept ?? "application/json",
      "x-publishable-api-key": options.publishableKey,
    }
    const token = options.getToken ? await options.getToken() : undefined
    if (token) {
      result.authorization = `Bearer ${token}`
    }
    const visitor = typeof options.visitorId === "function" ? options.visitorId() : options.visitorId
    if (visitor) {
      result["x-visitor-id"] = visitor
    }
    if (call.body !== undefined) {
      result["content-type"] = "application/json"
    }
    if (call.idempotencyKey) {
      result["idempotency-key"] = call.idempotencyKey
    }
    return result
  }

  /** Sends a call (retrying as described above) and returns its 2xx response. */
  async function send(call: Call): Promise<Response> {
    const fetchImpl: FetchLike | undefined =
      options.fetch ?? (typeof globalThis.fetch === "function" ? globalThis.fetch : undefined)
    if (!fetchImpl) {
      throw new TypeError("medusa-ai-credits/client: no global fetch; pass `fetch` in the options")
    }
    const target = url(call)
    const body = call.body === undefined ? undefined : JSON.stringify(call.body)
    let rateLimitRetries = 0
    let networkRetried = false
    for (;;) {
      throwIfAborted(call.signal)
      const init: RequestInit = { method: call.method, headers: await headers(call) }
      if (body !== undefined) {
        init.body = body
      }
      if (call.signal) {
        init.signal = call.signal
      }
      if (options.credentials) {
        init.credentials = options.credentials
      }
      let response: Response
      try {
        response = await fetchImpl(target, init)
      } catch (error) {
        if (call.retryNetworkError && !networkRetried && isNetworkError(error) && !call.signal?.aborted) {
          networkRetried = true
          continue
        }
        throw error
      }
      if (response.ok) {
        return response
      }
      const error = await toApiError(response)
      if (response.status === 429 && rateLimitRetries < maxRetries) {
        rateLimitRetries += 1
        const waitS = error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S
        await sleep(Math.min(waitS * 1000, maxRetryDelayMs), call.signal)
        continue
      }
      throw error
    }
  }

  async function json<T>(call: Call): Promise<T> {
    return readJson<T>(await send(call))
  }

  function invokeStream(body: InvokeRequest, streamOptions?: InvokeStreamOptions): AiCreditsStream {
    return openStream(
      (signal) =>
        send({
          method: "POST",
          path: "/invoke",
          body: { ...body, stream: true },
          accept: "text/event-stream",
          signal,
        }),
      streamOptions?.signal
    )
  }

  return {
    async authorize(body: AuthorizeRequest, callOptions?: AuthorizeOptions) {
      const idempotencyKey = callOptions?.idempotencyKey
      return json<AuthorizeResponse>({
        method: "POST",
        path: "/authorizations",
        body,
        idempotencyKey,
        retryNetworkError: Boolean(idempotencyKey),
        signal: callOptions?.signal,
      })
    },
    async capture(authorizationId: string, body: CaptureRequest, callOptions?: RequestOptions) {
      // Capturing twice returns the same usage event: safe to repeat.
      return json<CaptureResponse>({
        method: "POST",
        path: `/authorizations/${pathParam(authorizationId, "authorizationId")}/capture`,
        body,
        retryNetworkError: true,
        signal: callOptions?.signal,
      })
    },
    async release(authorizationId: string, callOptions?: RequestOptions) {
      return json<ReleaseResponse>({
        method: "POST",
        path: `/authorizations/${pathParam(authorizationId, "authorizationId")}/release`,
        retryNetworkError: true,
        signal: callOptions?.signal,
      })
    },
    async recordUsage(body: RecordUsageRequest, callOptions?: RecordUsageOptions) {
      return json<RecordUsageResponse>({
        method: "POST",
        path: "/usage",
        body,
        // One key for the logical call: every retry below reuses it.
        idempotencyKey: callOptions?.idempotencyKey || randomKey(),
        retryNetworkError: true,
        signal: callOptions?.signal,
      })
    },
    async invoke(body: InvokeRequest, callOptions?: RequestOptions) {
      return json<InvokeResponse>({
        method: "POST",
        path: "/invoke",
        body: { ...body, stream: false },
        signal: callOptions?.signal,
      })
    },
    invokeStream,
    async listUsage(query?: ListUsageQuery, callOptions?: RequestOptions) {
      return json<ListUsageResponse>({
        method: "GET",
        path: "/usage",
        query: { limit: query?.limit, offset: query?.offset },
        signal: callOptions?.signal,
      })
    },
    async rejectUsage(usageEventId: string, body: RejectUsageRequest, callOptions?: RequestOptions) {
      return json<RejectUsageResponse>({
        method: "POST",
        path: `/usage/${pathParam(usageEventId, "usageEventId")}/reject`,
        body,
        signal: callOptions?.signal,
      })
    },
    async wallet(callOptions?: RequestOptions) {
      return json<WalletResponse>({ method: "GET", path: "/wallet", signal: callOptions?.signal })
    },
    async pricing(callOptions?: RequestOptions) {
      return json<PricingResponse>({ method: "GET", path: "/pricing", signal: callOptions?.signal })
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------

type StreamState = "running" | "done" | "failed" | "aborted"

/**
 * Reads `POST /invoke` with `stream: true` into an {@link AiCreditsStream}. The response is
 * read as soon as it arrives, into a buffer every iterator replays from the start, so events are
 * never lost to a late `for await`.
 */
function openStream(
  request: (signal: AbortSignal) => Promise<Response>,
  externalSignal: AbortSignal | undefined
): AiCreditsStream {
  const controller = new AbortController()
  const events: StreamEvent[] = []
  let state: StreamState = "running"
  let failure: unknown
  let waiters: Array<() => void> = []

  const wake = () => {
    const pending = waiters
    waiters = []
    for (const resolve of pending) {
      resolve()
    }
  }
  const push = (event: StreamEvent) => {
    events.push(event)
    wake()
  }
  const onExternalAbort = () => abort(externalSignal?.reason)
  const settle = (next: Exclude<StreamState, "running">, error?: unknown) => {
    if (state !== "running") {
      return
    }
    state = next
    failure = error
    externalSignal?.removeEventListener("abort", onExternalAbort)
    wake()
  }
  function abort(reason?: unknown) {
    if (state === "running" && !controller.signal.aborted) {
      controller.abort(reason)
    }
  }

  async function run(): Promise<InvokeStreamResult> {
    const response = await request(controller.signal)
    const contentType = response.headers.get("content-type") ?? ""
    if (!/text\/event-stream/i.test(contentType) && /json/i.test(contentType)) {
      return readJsonAnswer(response)
    }
    return readEventStream(response)
  }

  function fallbackAnswer(data: Omit<InvokeFallbackResponse, "decision">): InvokeFallbackResponse {
    const answer: InvokeFallbackResponse = { decision: "fallback", fallback: data.fallback }
    if (data.balance) {
      answer.balance = data.balance
    }
    push({ type: "fallback", ...(answer.balance ? { balance: answer.balance } : {}), fallback: data.fallback })
    settle("done")
    return answer
  }

  /** A JSON answer to a stream request: the `degrade` fallback (or a server that did not stream). */
  async function readJsonAnswer(response: Response): Promise<InvokeStreamResult> {
    const answer = await readJson<InvokeResponse>(response)
    if (answer.decision === "fallback") {
      return fallbackAnswer(answer)
    }
    const done: StreamDoneData = {
      usage: answer.usage,
      credits: answer.credits,
      usage_event_id: answer.usage_event_id,
      balance: answer.balance,
    }
    if (answer.output) {
      push({ type: "delta", text: answer.output })
    }
    push({ type: "done", ...done })
    settle("done")
    return { ...done, decision: "allow", output: answer.output, provider: answer.provider, model: answer.model }
  }

  async function readEventStream(response: Response): Promise<InvokeStreamResult> {
    const parser = new SseParser()
    const decoder = new TextDecoder()
    let output = ""
    let start: StreamStartData | undefined

    const handle = (messages: SseMessage[]): InvokeStreamResult | undefined => {
      for (const message of messages) {
        switch (message.event) {
          case "start": {
            start = parseEventData<StreamStartData>(message, response.status)
            push({ ...start, type: "start" })
            break
          }
          case "delta": {
            const data = parseEventData<{ text?: unknown }>(message, response.status)
            const text = typeof data.text === "string" ? data.text : ""
            output += text
            push({ type: "delta", text })
            break
          }
          case "done": {
            const data = parseEventData<StreamDoneData>(message, response.status)
            push({ ...data, type: "done" })
            settle("done")
            const fromStart = start
              ? { authorization_id: start.authorization_id, provider: start.provider, model: start.model }
              : {}
            // `done` knows the model that really ran: it wins over `start`.
            return { ...fromStart, ...data, decision: "allow", output }
          }
          case "fallback": {
            // The payer cannot pay and the module degrades: nothing ran, nothing was charged.
            const data = parseEventData<Omit<InvokeFallbackResponse, "decision">>(message, response.status)
            return fallbackAnswer(data)
          }
          case "error": {
            const data = parseEventData<AiCreditsErrorBody>(message, response.status)
            throw new AiCreditsApiError({ status: response.status, body: data })
          }
          default:
            // Unknown events (and unnamed "message" events) are not part of the contract.
            break
        }
      }
      return undefined
    }

    const body = response.body
    if (!body || typeof body.getReader !== "function") {
      // A fetch without response streams: the whole answer at once.
      const text = await response.text()
      const completion = handle(parser.push(text)) ?? handle(parser.end())
      if (completion) {
        return completion
      }
      throw incompleteStream(response.status)
    }

    const reader = body.getReader()
    // Some fetch implementations do not end the body when the request is aborted.
    const cancelOnAbort = () => {
      reader.cancel().catch(noop)
    }
    controller.signal.addEventListener("abort", cancelOnAbort, { once: true })
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) {
          break
        }
        const completion = handle(parser.push(decoder.decode(value, { stream: true })))
        if (completion) {
          return completion
        }
      }
      const completion = handle(parser.push(decoder.decode())) ?? handle(parser.end())
      if (completion) {
        return completion
      }
      throw incompleteStream(response.status)
    } finally {
      controller.signal.removeEventListener("abort", cancelOnAbort)
      // Done, failed or aborted: let go of the connection (a no-op once the body has ended).
      reader.cancel().catch(noop)
    }
  }

  if (externalSignal) {
    if (externalSignal.aborted) {
      controller.abort(externalSignal.reason)
    } else {
      externalSignal.addEventListener("abort", onExternalAbort, { once: true })
    }
  }

  const result = run().then(
    (value) => {
      settle("done")
      return value
    },
    (error: unknown) => {
      if (controller.signal.aborted && state === "running") {
        const reason = abortReason(controller.signal)
        settle("aborted", reason)
        throw reason
      }
      settle("failed", error)
      throw error
    }
  )
  // Nobody has to await `result` (iterating is enough): never an unhandled rejection.
  result.catch(noop)

  async function* iterate(): AsyncGenerator<StreamEvent, void, undefined> {
    let index = 0
    try {
      for (;;) {
        if (index < events.length) {
          yield events[index++]
          continue
        }
        if (state === "failed") {
          throw failure
        }
        if (state !== "running") {
          return
        }
        await new Promise<void>((resolve) => waiters.push(resolve))
      }
    } finally {
      // Left early (`break`, `return`): nobody wants the rest, stop the request.
      if (state === "running") {
        abort()
      }
    }
  }

  return {
    result,
    abort,
    [Symbol.asyncIterator]: iterate,
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function noop(): void {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null
}

function nonNegative(value: number | undefined, fallback: number, integer: boolean): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    return fallback
  }
  return integer ? Math.floor(value) : value
}

function pathParam(value: string, name: string): string {
  if (typeof value !== "string" || !value) {
    throw new TypeError(`medusa-ai-credits/client: \`${name}\` is required`)
  }
  return encodeURIComponent(value)
}

/** `fetch` rejects with a TypeError when the request never got an answer (offline, DNS, CORS). */
function isNetworkError(error: unknown): boolean {
  // By name too: errors from another realm (iframe, vm) fail `instanceof`.
  return error instanceof TypeError || (isRecord(error) && error.name === "TypeError")
}

/** Seconds from a `Retry-After` header: delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | null {
  if (value === null) {
    return null
  }
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Number(trimmed)
  }
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000)
}

async function toApiError(response: Response): Promise<AiCreditsApiError> {
  const text = await response.text().catch(() => "")
  let body: AiCreditsErrorBody
  try {
    const parsed: unknown = text ? JSON.parse(text) : {}
    body = isRecord(parsed) && !Array.isArray(parsed) ? (parsed as AiCreditsErrorBody) : { message: text }
  } catch {
    body = { message: text.slice(0, 1000) || response.statusText || undefined }
  }
  return new AiCreditsApiError({
    status: response.status,
    body,
    retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
  })
}

async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text()
  try {
    const parsed: unknown = JSON.parse(text)
    if (isRecord(parsed)) {
      return parsed as T
    }
  } catch {
    // fall through
  }
  throw new AiCreditsApiError({
    status: response.status,
    body: { type: "invalid_response", message: "The response is not the expected JSON object" },
  })
}

function parseEventData<T>(message: SseMessage, status: number): T {
  try {
    const parsed: unknown = JSON.parse(message.data)
    if (isRecord(parsed)) {
      return parsed as T
    }
  } catch {
    // fall through
  }
  throw new AiCreditsApiError({
    status,
    body: { type: "invalid_response", message: `The "${message.event}" event's data is not a JSON object` },
  })
}

function incompleteStream(status: number): AiCreditsApiError {
  return new AiCreditsApiError({
    status,
    body: { type: "stream_incomplete", message: "The stream ended before its done event" },
  })
}

function makeAbortError(): Error {
  const message = "The request was aborted"
  if (typeof DOMException === "function") {
    return new DOMException(message, "AbortError")
  }
  const error = new Error(message)
  error.name = "AbortError"
  return error
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason !== undefined ? signal.reason : makeAbortError()
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw abortReason(signal)
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal))
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortReason(signal as AbortSignal))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort)
      resolve()
    }, ms)
    signal?.addEventListener("abort", onAbort, { once: true })
  })
}

type CryptoLike = {
  randomUUID?: () => string
  getRandomValues?: <T extends Uint8Array>(array: T) => T
}

/**
 * A random (v4) UUID for `Idempotency-Key`. `crypto.randomUUID` exists in Node 20 and in
 * browsers on secure origins; `getRandomValues` covers plain-http pages.
 */
function randomKey(): string {
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto
  if (crypto && typeof crypto.randomUUID === "function") {
    return crypto.randomUUID()
  }
  if (crypto && typeof crypto.getRandomValues === "function") {
    const bytes = crypto.getRandomValues(new Uint8Array(16))
    bytes[6] = (bytes[6] & 0x0f) | 0x40
    bytes[8] = (bytes[8] & 0x3f) | 0x80
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
  throw new Error("medusa-ai-credits/client: no crypto.getRandomValues; pass an idempotencyKey")
}
