import { MedusaError } from "@medusajs/framework/utils"
import OpenAI, { AzureOpenAI } from "openai"
import type { ChatCompletionChunk, ChatCompletionCreateParamsBase } from "openai/resources/chat/completions"
import { createAiStream, estimateChatTokens, estimateTokens } from "./local"
import type { AiStreamEnd } from "./local"
import type { AiEmbedInput, AiEmbedResult, AiInvokeInput, AiInvokeResult, AiProvider, AiStream, AiUsage } from "./types"
import { AiProviderError } from "./types"

export type OpenAiCompatibleOptions = {
  /**
   * The API root that `/chat/completions` is appended to, e.g. `https://api.openai.com/v1`. With
   * `azure`, the resource's endpoint, e.g. `https://my-shop.openai.azure.com`.
   */
  base_url: string
  /** Sent as `authorization: Bearer <api_key>` (Azure: `api-key`); leave unset for servers without auth. */
  api_key?: string
  /** OpenAI's `OpenAI-Organization` header. */
  organization?: string
  /** The gateway's model name -> the name this server knows it by (Azure: the deployment). Unmapped names pass as they are. */
  model_map?: Record<string, string>
  /**
   * The longest wait on the server, in ms: for each attempt of `invoke` the whole response; for
   * `stream` the response headers and then each gap between chunks (a long answer that keeps
   * flowing is fine).
   */
  timeout_ms?: number
  /**
   * Retries of a failed attempt (HTTP 408, 409, 429, 5xx, network errors, timeouts), with the SDK's
   * exponential backoff and the server's `retry-after`. A stream is retried only before its first
   * token: once text has reached the caller, a failure ends the stream.
   */
  max_retries?: number
  /** Extra headers, e.g. `HTTP-Referer` for OpenRouter. They win over the defaults. */
  headers?: Record<string, string>
  /** Azure OpenAI: requests go to `/openai/deployments/<model>/...?api-version=<api_version>`. */
  azure?: { api_version: string }
}

export const DEFAULT_TIMEOUT_MS = 120_000
export const DEFAULT_MAX_RETRIES = 2

/** Error bodies can be pages of HTML; a message keeps this much of them. */
const MAX_ERROR_DETAIL_CHARS = 300

/**
 * Any server speaking the OpenAI API: OpenAI, Azure OpenAI, OpenRouter, vLLM, Ollama, LM Studio...
 * Built on the official `openai` SDK (its HTTP, SSE parsing, retries with backoff, Azure routing).
 *
 * - Usage is what the server reports (`usage.prompt_tokens` / `completion_tokens`). When it
 *   reports none, usage is `estimateTokens` of the chat and of the output; for streams `result`
 *   then says `usage_estimated: true`.
 * - `model` in results is the caller's model name (before `model_map`), so the gateway prices
 *   by the name it asked for, not by whatever snapshot name the server echoes.
 * - Failures are `AiProviderError`s, after the SDK's own retries: HTTP errors carry the status and
 *   are retryable (by the gateway's failover) for 408, 429 and 5xx; network errors and timeouts
 *   are retryable; a caller abort and a malformed body are not.
 * - `stream` sends `stream_options.include_usage`. When the consumer stops early or
 *   `input.signal` aborts, the request is aborted (its socket closed) and `result` holds the
 *   estimated usage of what was streamed.
 */
export class OpenAiCompatibleProvider implements AiProvider {
  private readonly client: OpenAI
  private readonly modelMap: ReadonlyMap<string, string>
  private readonly timeoutMs: number

  constructor(readonly id: string, options: OpenAiCompatibleOptions) {
    const baseUrl = options.base_url.replace(/\/+$/, "")
    if (!/^https?:\/\/[^/]/i.test(baseUrl)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider "${id}": base_url must be an http(s) URL, got "${options.base_url}"`)
    }
    // A Map, so a model named like an Object.prototype key ("constructor") is never "mapped".
    this.modelMap = new Map(Object.entries(options.model_map ?? {}))
    this.timeoutMs = options.timeout_ms ?? DEFAULT_TIMEOUT_MS
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider "${id}": timeout_ms must be a number > 0`)
    }
    const apiKey = options.api_key || undefined
    if (options.azure && !apiKey) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider "${id}": azure needs an api_key`)
    }
    // Lowercase, so a configured "Authorization" replaces the default instead of joining it.
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))
    const clientOptions = {
      // The SDK insists on a key; without one, the null header below sends no authorization at all.
      apiKey: apiKey ?? "unused",
      // Explicit, so the SDK never picks OPENAI_ORG_ID / OPENAI_PROJECT_ID up from the environment
      // and sends them to another provider.
      organization: options.organization ?? null,
      project: null,
      timeout: this.timeoutMs,
      maxRetries: options.max_retries ?? DEFAULT_MAX_RETRIES,
      defaultHeaders: { ...(apiKey ? {} : { authorization: null }), ...headers },
      // The SDK's own logger would print upstream details to stdout; failures reach ours as errors.
      logLevel: "off" as const,
      fetch: sameRealmFetch,
    }
    this.client = options.azure
      ? new AzureOpenAI({ ...clientOptions, baseURL: `${baseUrl}/openai`, apiVersion: options.azure.api_version })
      : new OpenAI({ ...clientOptions, baseURL: baseUrl })
  }

  async invoke(input: AiInvokeInput): Promise<AiInvokeResult> {
    const request = new UpstreamRequest(input.signal)
    try {
      const completion: unknown = await this.client.chat.completions.create(
        { ...this.chatBody(input), stream: false },
        { signal: request.signal }
      )
      return this.parseCompletion(completion, input)
    } catch (error) {
      throw this.failure(request, error, "the response")
    } finally {
      request.dispose()
    }
  }

  stream(input: AiInvokeInput): AiStream {
    const request = new UpstreamRequest(input.signal)
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
    let chunks: AsyncIterator<ChatCompletionChunk> | undefined
    let readToEnd = false
    try {
      try {
        // Resolves with the response headers: the SDK's timeout and retries cover this part.
        const stream = await this.client.chat.completions.create(
          { ...this.chatBody(input), stream: true, stream_options: { include_usage: true } },
          { signal: request.signal, headers: { accept: "text/event-stream" } }
        )
        chunks = stream[Symbol.asyncIterator]()
      } catch (error) {
        if (request.stoppedByCaller) {
          return stoppedEarly(null)
        }
        throw this.failure(request, error, "the response headers")
      }

      let usage: AiUsage | null = null
      let finishReason: string | null = null
      for (;;) {
        // The SDK's timeout ends at the headers; the gap between chunks is timed here.
        request.startTimer(this.timeoutMs)
        let next: IteratorResult<ChatCompletionChunk>
        try {
          next = await chunks.next()
        } catch (error) {
          if (request.stoppedByCaller) {
            return stoppedEarly(usage)
          }
          throw this.failure(request, error, "the next chunk")
        } finally {
          request.clearTimer()
        }
        if (next.done) {
          readToEnd = true
          break
        }
        const chunk = this.parseChunk(next.value)
        usage = chunk.usage ?? usage
        finishReason = chunk.finish_reason ?? finishReason
        if (chunk.text) {
          yield chunk.text
        }
      }
      // An aborted SDK stream ends quietly: tell a wanted stop from our timer from the real end.
      if (request.stoppedByCaller) {
        return stoppedEarly(usage)
      }
      if (request.timedOut) {
        throw this.failure(request, undefined, "the next chunk")
      }
      // Some servers end without [DONE]; a finish_reason says the answer is whole, its absence that it was cut.
      if (finishReason === null) {
        throw new AiProviderError(`AI provider "${this.id}": the stream ended before the answer was complete`, this.id, undefined, true)
      }
      return { usage, finish_reason: finishReason, completed: true }
    } finally {
      if (chunks && !readToEnd) {
        // Left before the end (early stop, abort, error): the SDK's iterator aborts the request
        // on return, so its socket is closed rather than left half-read.
        await chunks.return?.().catch(() => undefined)
      }
      request.dispose()
    }
  }

  /** Embeddings, one vector per input in order. */
  async embed(input: AiEmbedInput): Promise<AiEmbedResult> {
    const request = new UpstreamRequest(input.signal)
    try {
      const response = await this.client.embeddings.create(
        {
          model: this.upstreamModel(input.model),
          input: input.input,
          encoding_format: "float",
          ...(input.dimensions ? { dimensions: input.dimensions } : {}),
        },
        { signal: request.signal }
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
      throw this.failure(request, error, "the response")
    } finally {
      request.dispose()
    }
  }

  private upstreamModel(model: string): string {
    return this.modelMap.get(model) ?? model
  }

  private chatBody(input: AiInvokeInput): ChatCompletionCreateParamsBase {
    return {
      model: this.upstreamModel(input.model),
      messages: input.messages.map(({ role, content }) => ({ role, content })),
      max_tokens: input.max_output_tokens,
      temperature: input.temperature,
    }
  }

  /** The SDK types the body; a server may still send anything, so it is read as unknown. */
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

  private parseChunk(body: unknown): { text: string; finish_reason: string | null; usage: AiUsage | null } {
    const choice = firstChoice(body)
    const delta = isRecord(choice) ? choice.delta : undefined
    return {
      text: isRecord(delta) && typeof delta.content === "string" ? delta.content : "",
      finish_reason: isRecord(choice) && typeof choice.finish_reason === "string" ? choice.finish_reason : null,
      usage: parseUsage(body),
    }
  }

  /** Some servers (OpenRouter) report errors in a 200 body: `{ error: ... }`. */
  private errorInBody(body: unknown): AiProviderError | null {
    if (!isRecord(body) || body.error === undefined || body.error === null) {
      return null
    }
    const code = isRecord(body.error) ? body.error.code : undefined
    return this.httpError(typeof code === "number" ? code : undefined, errorMessageOf(body))
  }

  private httpError(status: number | undefined, detail: string): AiProviderError {
    const message = truncate(detail, MAX_ERROR_DETAIL_CHARS)
    // Without an HTTP status (an error inside a stream), it is a server-side failure: retryable.
    const retryable = status === undefined || status === 408 || status === 429 || status >= 500
    const prefix = status === undefined ? "error" : `HTTP ${status}`
    return new AiProviderError(`AI provider "${this.id}": ${prefix}${message ? `: ${message}` : ""}`, this.id, status, retryable)
  }

  /** Whatever the SDK (or our parsing) threw, as an AiProviderError. */
  private failure(request: UpstreamRequest, error: unknown, waitingFor: string): AiProviderError {
    const prefix = `AI provider "${this.id}"`
    if (error instanceof AiProviderError) {
      return error
    }
    if (request.timedOut || error instanceof OpenAI.APIConnectionTimeoutError) {
      return new AiProviderError(`${prefix}: timed out after ${this.timeoutMs} ms waiting for ${waitingFor}`, this.id, undefined, true)
    }
    if (request.stoppedByCaller || error instanceof OpenAI.APIUserAbortError) {
      return new AiProviderError(`${prefix}: request aborted by the caller`, this.id)
    }
    if (error instanceof OpenAI.APIConnectionError) {
      return new AiProviderError(`${prefix}: network error: ${causeChainText(error)}`, this.id, undefined, true)
    }
    if (error instanceof OpenAI.APIError) {
      // HTTP errors, and `{ error }` events inside a stream (no status).
      return this.httpError(error.status, errorMessageOf({ error: error.error }) || stripStatus(error.message))
    }
    // By name: `response.json()`'s SyntaxError may come from another realm (fetch's, under jest or a vm).
    if (isRecord(error) && error.name === "SyntaxError") {
      return this.malformed("the response is not JSON")
    }
    return new AiProviderError(`${prefix}: ${error instanceof Error ? error.message : String(error)}`, this.id)
  }

  private malformed(what: string): AiProviderError {
    return new AiProviderError(`AI provider "${this.id}": malformed response: ${what}`, this.id)
  }
}

/**
 * The caller's side of one exchange: its AbortController (aborted by the caller's signal, by
 * `stop()`, or by the between-chunks timer), and why it was aborted, so a failure can be told
 * apart from a wanted stop.
 */
class UpstreamRequest {
  private readonly controller = new AbortController()
  private timer: NodeJS.Timeout | undefined
  /** The caller aborted or the consumer stopped: not a failure. */
  stoppedByCaller = false
  timedOut = false

  constructor(private readonly callerSignal: AbortSignal | undefined) {
    if (callerSignal?.aborted) {
      this.stop()
    } else {
      callerSignal?.addEventListener("abort", this.stop, { once: true })
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal
  }

  readonly stop = (): void => {
    this.stoppedByCaller = true
    this.controller.abort()
  }

  startTimer(timeoutMs: number): void {
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timedOut = true
      this.controller.abort()
    }, timeoutMs)
  }

  clearTimer(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }

  dispose(): void {
    this.clearTimer()
    this.callerSignal?.removeEventListener("abort", this.stop)
  }
}

/**
 * The global fetch, rethrowing its errors as this realm's `Error`s (name, message and cause kept).
 * Under jest or a vm, fetch's errors come from Node's own realm: the SDK then fails `instanceof
 * Error`, loses the AbortError's name and reports a timeout as a mere "Connection error.".
 */
const sameRealmFetch: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init)
  } catch (error) {
    if (error instanceof Error || !isRecord(error)) {
      throw error
    }
    throw Object.assign(new Error(typeof error.message === "string" ? error.message : String(error)), {
      name: typeof error.name === "string" ? error.name : "Error",
      cause: error.cause,
    })
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
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
  }
  return ""
}

/** The SDK's message of an HTTP error starts with the status we already print. */
function stripStatus(message: string): string {
  return message.replace(/^\d{3}\s*/, "").replace(/^status code \(no body\)$/, "").trim()
}

/**
 * "Connection error." says nothing: the reason (ECONNREFUSED, ...) is in the causes. Read by
 * shape, not `instanceof`: fetch's errors may come from another realm (a jest sandbox, a vm).
 */
function causeChainText(error: Error & { cause?: unknown }): string {
  const reasons: string[] = []
  let cause: unknown = error.cause
  for (let depth = 0; isRecord(cause) && depth < 5; depth++) {
    const code = typeof cause.code === "string" ? cause.code : undefined
    const message = typeof cause.message === "string" ? cause.message : undefined
    if (code ?? message) {
      reasons.push((code ?? message) as string)
    }
    cause = cause.cause
  }
  const reason = reasons[reasons.length - 1]
  return reason ? `${error.message} (${reason})` : error.message
}

function truncate(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}...` : text
}
