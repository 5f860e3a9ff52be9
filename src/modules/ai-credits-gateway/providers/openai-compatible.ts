import { MedusaError } from "@medusajs/framework/utils"
import OpenAI from "openai"
import { createAiStream, estimateChatTokens, estimateTokens } from "./local"
import type { AiStreamEnd } from "./local"
import { SseParser } from "./sse"
import type { AiEmbedInput, AiEmbedResult, AiInvokeInput, AiInvokeResult, AiProvider, AiStream, AiUsage } from "./types"
import { AiProviderError } from "./types"

export type OpenAiCompatibleOptions = {
  /** The API root that `/chat/completions` is appended to, e.g. `https://api.openai.com/v1`. */
  base_url: string
  /** Sent as `authorization: Bearer <api_key>`; leave unset (or empty) for servers without auth. */
  api_key?: string
  /** The gateway's model name -> the name this server knows it by. Unmapped names pass as they are. */
  model_map?: Record<string, string>
  /**
   * The longest wait on the server, in ms: for `invoke` the whole response; for `stream` the
   * response headers and then each gap between chunks (a long answer that keeps flowing is fine).
   */
  timeout_ms?: number
  /** Extra headers, e.g. `api-key` for Azure or `HTTP-Referer` for OpenRouter. They win over the defaults. */
  headers?: Record<string, string>
}

export const DEFAULT_TIMEOUT_MS = 120_000

/** Error bodies can be pages of HTML; a message keeps this much of them. */
const MAX_ERROR_DETAIL_CHARS = 300

/**
 * Any server speaking the OpenAI Chat Completions API: OpenAI, Azure OpenAI (v1 API), OpenRouter,
 * vLLM, Ollama, LM Studio... Uses the global `fetch`.
 *
 * - Usage is what the server reports (`usage.prompt_tokens` / `completion_tokens`). When it
 *   reports none, usage is `estimateTokens` of the chat and of the output; for streams `result`
 *   then says `usage_estimated: true`.
 * - `model` in results is the caller's model name (before `model_map`), so the gateway prices
 *   by the name it asked for, not by whatever snapshot name the server echoes.
 * - Failures are `AiProviderError`s: HTTP errors carry the status and are retryable for 408,
 *   429 and 5xx; network errors and timeouts are retryable; a caller abort and a malformed body
 *   are not.
 * - `stream` sends `stream_options.include_usage`. When the consumer stops early or
 *   `input.signal` aborts, the request is aborted (its socket closed) and `result` holds the
 *   estimated usage of what was streamed.
 */
export class OpenAiCompatibleProvider implements AiProvider {
  private readonly endpoint: string
  private readonly baseUrl: string
  private embeddingsClient: OpenAI | undefined
  private readonly apiKey: string | undefined
  private readonly modelMap: ReadonlyMap<string, string>
  private readonly timeoutMs: number
  private readonly extraHeaders: Record<string, string>

  constructor(readonly id: string, options: OpenAiCompatibleOptions) {
    const baseUrl = options.base_url.replace(/\/+$/, "")
    if (!/^https?:\/\/[^/]/i.test(baseUrl)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider "${id}": base_url must be an http(s) URL, got "${options.base_url}"`)
    }
    this.endpoint = `${baseUrl}/chat/completions`
    this.baseUrl = baseUrl
    this.apiKey = options.api_key || undefined
    // A Map, so a model named like an Object.prototype key ("constructor") is never "mapped".
    this.modelMap = new Map(Object.entries(options.model_map ?? {}))
    this.timeoutMs = options.timeout_ms ?? DEFAULT_TIMEOUT_MS
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider "${id}": timeout_ms must be a number > 0`)
    }
    // Lowercase, so a configured "Authorization" replaces the default instead of joining it.
    this.extraHeaders = Object.fromEntries(
      Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])
    )
  }

  async invoke(input: AiInvokeInput): Promise<AiInvokeResult> {
    const request = new UpstreamRequest(this.id, this.timeoutMs, input.signal)
    try {
      request.begin()
      request.startTimer("the response")
      const response = await fetch(this.endpoint, this.requestInit(input, false, request.signal))
      if (!response.ok) {
        throw await this.httpError(response)
      }
      const body = tryParseJson(await response.text())
      if (!body) {
        throw this.malformed("the response is not JSON")
      }
      return this.parseCompletion(body.value, input)
    } catch (error) {
      throw request.failure(error)
    } finally {
      request.dispose()
    }
  }

  stream(input: AiInvokeInput): AiStream {
    const request = new UpstreamRequest(this.id, this.timeoutMs, input.signal)
    return createAiStream({
      model: input.model,
      produce: () => this.produceDeltas(input, request),
      stop: () => request.stop(),
      usageOf: (output) => ({
        input_tokens: estimateChatTokens(input.messages),
        output_tokens: estimateTokens(output),
      }),
      usageOfIsEstimate: true,
    })
  }

  private async *produceDeltas(
    input: AiInvokeInput,
    request: UpstreamRequest
  ): AsyncGenerator<string, AiStreamEnd, undefined> {
    const stoppedEarly = (usage: AiUsage | null): AiStreamEnd => ({ usage, finish_reason: null, completed: false })
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
    let readToEnd = false
    try {
      request.begin()
      request.startTimer("the response headers")
      let response: Response
      try {
        response = await fetch(this.endpoint, this.requestInit(input, true, request.signal))
        if (!response.ok) {
          throw await this.httpError(response)
        }
      } catch (error) {
        if (request.stoppedByCaller) {
          return stoppedEarly(null)
        }
        throw request.failure(error)
      }
      if (!response.body) {
        throw this.malformed("the response has no body")
      }

      reader = response.body.getReader()
      const decoder = new TextDecoder()
      const parser = new SseParser()
      let usage: AiUsage | null = null
      let finishReason: string | null = null
      for (;;) {
        request.startTimer("the next chunk")
        let read: ReadableStreamReadResult<Uint8Array>
        try {
          read = await reader.read()
        } catch (error) {
          if (request.stoppedByCaller) {
            return stoppedEarly(usage)
          }
          throw request.failure(error)
        }
        request.clearTimer()
        readToEnd = read.done
        const events = read.done
          ? [...parser.push(decoder.decode()), ...parser.end()]
          : parser.push(decoder.decode(read.value, { stream: true }))
        for (const event of events) {
          if (event.data === "[DONE]") {
            return { usage, finish_reason: finishReason, completed: true }
          }
          const chunk = this.parseStreamEvent(event.event, event.data)
          usage = chunk.usage ?? usage
          finishReason = chunk.finish_reason ?? finishReason
          if (chunk.text) {
            yield chunk.text
          }
        }
        if (read.done) {
          // Some servers end without [DONE]; a finish_reason still says the answer is whole.
          if (finishReason !== null) {
            return { usage, finish_reason: finishReason, completed: true }
          }
          throw new AiProviderError(
            `AI provider "${this.id}": the stream ended before the answer was complete`,
            this.id,
            undefined,
            true
          )
        }
      }
    } finally {
      if (reader && !readToEnd) {
        // Left before the end (early stop, abort, error, or data after [DONE]): cancel the body
        // so its socket is closed rather than left half-read.
        reader.cancel().catch(() => undefined)
      }
      request.dispose()
    }
  }

  /** Embeddings through the official SDK (its retries with backoff for 429 and 5xx included). */
  async embed(input: AiEmbedInput): Promise<AiEmbedResult> {
    this.embeddingsClient ??= new OpenAI({
      baseURL: this.baseUrl,
      // The SDK insists on a key; servers without one (vLLM, Ollama) ignore it.
      apiKey: this.apiKey ?? "unused",
      defaultHeaders: this.extraHeaders,
      timeout: this.timeoutMs,
      maxRetries: 2,
    })
    try {
      const response = await this.embeddingsClient.embeddings.create(
        {
          model: this.modelMap.get(input.model) ?? input.model,
          input: input.input,
          encoding_format: "float",
          ...(input.dimensions ? { dimensions: input.dimensions } : {}),
        },
        { signal: input.signal }
      )
      const ordered = [...response.data].sort((a, b) => a.index - b.index)
      if (ordered.length !== input.input.length) {
        throw this.malformed(`${ordered.length} embeddings for ${input.input.length} inputs`)
      }
      return {
        embeddings: ordered.map((item) => item.embedding),
        usage: { input_tokens: response.usage?.prompt_tokens ?? input.input.reduce((sum, text) => sum + estimateTokens(text), 0) },
        model: input.model,
      }
    } catch (error) {
      if (error instanceof AiProviderError) {
        throw error
      }
      const status = error instanceof OpenAI.APIError ? error.status : undefined
      throw new AiProviderError(
        `AI provider "${this.id}": embeddings failed${status ? ` (HTTP ${status})` : ""}`,
        this.id,
        status,
        status === undefined || status === 429 || status >= 500
      )
    }
  }

  private requestInit(input: AiInvokeInput, stream: boolean, signal: AbortSignal): RequestInit {
    const body = {
      model: this.modelMap.get(input.model) ?? input.model,
      messages: input.messages.map(({ role, content }) => ({ role, content })),
      max_tokens: input.max_output_tokens,
      temperature: input.temperature,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    }
    return {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: stream ? "text/event-stream" : "application/json",
        ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        ...this.extraHeaders,
      },
      body: JSON.stringify(body),
      signal,
    }
  }

  private parseCompletion(body: unknown, input: AiInvokeInput): AiInvokeResult {
    const upstreamError = this.errorInBody(body)
    if (upstreamError) {
      throw upstreamError
    }
    const choice = firstChoice(body)
    const message = isRecord(choice) ? choice.message : undefined
    if (!isRecord(message)) {
      throw this.malformed("no choices[0].message in the response")
    }
    const content = message.content
    if (content !== null && content !== undefined && typeof content !== "string") {
      throw this.malformed("choices[0].message.content is not a string")
    }
    const output = content ?? ""
    return {
      output,
      usage: parseUsage(body) ?? {
        input_tokens: estimateChatTokens(input.messages),
        output_tokens: estimateTokens(output),
      },
      model: input.model,
      finish_reason: isRecord(choice) && typeof choice.finish_reason === "string" ? choice.finish_reason : null,
    }
  }

  private parseStreamEvent(
    eventName: string | undefined,
    data: string
  ): { text: string; finish_reason: string | null; usage: AiUsage | null } {
    const parsed = tryParseJson(data)
    if (!parsed) {
      throw this.malformed("a stream chunk is not JSON")
    }
    const body = parsed.value
    const upstreamError =
      this.errorInBody(body) ?? (eventName === "error" ? this.errorFromDetail(undefined, body) : null)
    if (upstreamError) {
      throw upstreamError
    }
    const choice = firstChoice(body)
    const delta = isRecord(choice) ? choice.delta : undefined
    return {
      text: isRecord(delta) && typeof delta.content === "string" ? delta.content : "",
      finish_reason: isRecord(choice) && typeof choice.finish_reason === "string" ? choice.finish_reason : null,
      usage: parseUsage(body),
    }
  }

  private async httpError(response: Response): Promise<AiProviderError> {
    let detail: unknown
    try {
      const text = await response.text()
      detail = tryParseJson(text)?.value ?? text
    } catch {
      detail = undefined
    }
    return this.errorFromDetail(response.status, detail)
  }

  /** Some servers (OpenRouter, mid-stream OpenAI) report errors in a 200 body: `{ error: ... }`. */
  private errorInBody(body: unknown): AiProviderError | null {
    if (!isRecord(body) || body.error === undefined || body.error === null) {
      return null
    }
    const code = isRecord(body.error) ? body.error.code : undefined
    // Without an HTTP status, an error inside a stream is a server-side failure: retryable.
    return this.errorFromDetail(typeof code === "number" ? code : undefined, body)
  }

  private errorFromDetail(status: number | undefined, detail: unknown): AiProviderError {
    const message = truncate(errorMessageOf(detail), MAX_ERROR_DETAIL_CHARS)
    const retryable = status === undefined || status === 408 || status === 429 || status >= 500
    const prefix = status === undefined ? "error" : `HTTP ${status}`
    return new AiProviderError(
      `AI provider "${this.id}": ${prefix}${message ? `: ${message}` : ""}`,
      this.id,
      status,
      retryable
    )
  }

  private malformed(what: string): AiProviderError {
    return new AiProviderError(`AI provider "${this.id}": malformed response: ${what}`, this.id)
  }
}

/**
 * One HTTP exchange: its AbortController (aborted by the caller's signal, by `stop()`, or by the
 * timer), and the reason it was aborted, so a failure can be told apart from a wanted stop.
 */
class UpstreamRequest {
  private readonly controller = new AbortController()
  private timer: NodeJS.Timeout | undefined
  private timedOutWaitingFor: string | undefined
  private readonly callerSignal: AbortSignal | undefined
  /** The caller aborted or the consumer stopped: not a failure. */
  stoppedByCaller = false

  constructor(
    private readonly providerId: string,
    private readonly timeoutMs: number,
    callerSignal: AbortSignal | undefined
  ) {
    this.callerSignal = callerSignal
  }

  /** Follows the caller's signal from now on; `dispose()` lets go of it. */
  begin(): void {
    if (this.callerSignal?.aborted) {
      this.stop()
    } else {
      this.callerSignal?.addEventListener("abort", this.stop, { once: true })
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  readonly stop = (): void => {
    this.stoppedByCaller = true
    this.controller.abort()
  }

  startTimer(waitingFor: string): void {
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timedOutWaitingFor = waitingFor
      this.controller.abort()
    }, this.timeoutMs)
  }

  clearTimer(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Whatever a fetch or a body read threw, as an AiProviderError. */
  failure(error: unknown): AiProviderError {
    if (error instanceof AiProviderError) {
      return error
    }
    const prefix = `AI provider "${this.providerId}"`
    if (this.timedOutWaitingFor !== undefined && !this.stoppedByCaller) {
      return new AiProviderError(
        `${prefix}: timed out after ${this.timeoutMs} ms waiting for ${this.timedOutWaitingFor}`,
        this.providerId,
        undefined,
        true
      )
    }
    if (this.stoppedByCaller) {
      return new AiProviderError(`${prefix}: request aborted by the caller`, this.providerId)
    }
    return new AiProviderError(`${prefix}: network error: ${networkErrorText(error)}`, this.providerId, undefined, true)
  }

  dispose(): void {
    this.clearTimer()
    this.callerSignal?.removeEventListener("abort", this.stop)
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/** `{ value }` of the JSON text, or undefined when it is not JSON. */
function tryParseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return undefined
  }
}

function firstChoice(body: unknown): unknown {
  return isRecord(body) && Array.isArray(body.choices) ? body.choices[0] : undefined
}

/** The `usage` of a response or chunk; null when absent or not sensible numbers. */
function parseUsage(body: unknown): AiUsage | null {
  const usage = isRecord(body) ? body.usage : undefined
  if (!isRecord(usage)) {
    return null
  }
  const { prompt_tokens: input, completion_tokens: output } = usage
  const isCount = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0
  return isCount(input) && isCount(output) ? { input_tokens: input, output_tokens: output } : null
}

function errorMessageOf(detail: unknown): string {
  if (typeof detail === "string") {
    return detail.trim()
  }
  if (isRecord(detail)) {
    const error = detail.error
    if (isRecord(error) && typeof error.message === "string") {
      return error.message
    }
    if (typeof error === "string") {
      return error
    }
    if (typeof detail.message === "string") {
      return detail.message
    }
    return JSON.stringify(detail)
  }
  return ""
}

/**
 * fetch reports "fetch failed" and hides the reason (ECONNREFUSED, ...) in `cause`. Checked by
 * shape, not `instanceof`: fetch's errors may come from another realm (a jest sandbox, a vm).
 */
function networkErrorText(error: unknown): string {
  const { message, cause } = (isRecord(error) ? error : {}) as { message?: unknown; cause?: unknown }
  if (typeof message !== "string") {
    return String(error)
  }
  const { code, message: causeMessage } = (isRecord(cause) ? cause : {}) as { code?: unknown; message?: unknown }
  const reason = typeof code === "string" ? code : typeof causeMessage === "string" ? causeMessage : undefined
  return reason ? `${message} (${reason})` : message
}

function truncate(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}...` : text
}
