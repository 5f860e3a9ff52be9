import { MedusaError } from "@medusajs/framework/utils"
import type {
  AiChatMessage,
  AiEmbedInput,
  AiEmbedResult,
  AiInvokeInput,
  AiInvokeResult,
  AiProvider,
  AiStream,
  AiStreamChunk,
  AiUsage,
} from "./types"
import { AiProviderError } from "./types"

/**
 * The local provider: deterministic answers without any network, for the demo store and tests.
 * This file also holds what every provider shares: the token estimate and `createAiStream`,
 * which gives any provider the `AiStream` behaviour (early stop, abort, `result`).
 */

/** What `result` of an `AiStream` resolves to. */
export type AiStreamResult = AiStream["result"] extends Promise<infer R> ? R : never

/**
 * A rough, deterministic token count of `text`, for when no provider measured one: before a call
 * (to size a hold) and after a stream that ended without usage.
 *
 * Pure, and deliberately simple rather than tokenizer-exact: about four ASCII characters per
 * token (the usual rule of thumb for English with BPE tokenizers), plus one token per non-ASCII
 * code point, because CJK text and emoji take about one token per character or more and a
 * characters/4 rule would under-count them several times over. Never 0 for non-empty text.
 */
export function estimateTokens(text: string): number {
  let asciiChars = 0
  let otherCodePoints = 0
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) {
      asciiChars++
    } else {
      otherCodePoints++
    }
  }
  return Math.ceil(asciiChars / 4) + otherCodePoints
}

/** Tokens a chat format adds around each message (role, separators). */
export const TOKENS_PER_MESSAGE = 4

/** `estimateTokens` of a whole chat: each message's content plus `TOKENS_PER_MESSAGE`. Pure. */
export function estimateChatTokens(messages: readonly AiChatMessage[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + TOKENS_PER_MESSAGE, 0)
}

/** How a stream's producer ended when it ran to its end (rather than being stopped by its consumer). */
export type AiStreamEnd = {
  /** The usage the provider reported; null when it reported none. */
  usage: AiUsage | null
  finish_reason: string | null
  /** The answer is complete; false when the producer stopped because of an abort. */
  completed: boolean
}

export type AiStreamSource = {
  model: string
  /** Does the work and yields the text deltas; called once, on the stream's first `next()`. */
  produce(): AsyncGenerator<string, AiStreamEnd, undefined>
  /**
   * Stops the upstream work at once (the consumer stopped reading). May be called while
   * `produce` waits on the network; it should then make `produce` end, not hang. Must not throw.
   */
  stop(): void
  /** The usage to report when the producer reported none, from the text yielded so far. */
  usageOf(output: string): AiUsage
  /** True when `usageOf` is an estimate; false when it is the provider's own measure (local). */
  usageOfIsEstimate: boolean
}

/**
 * Wraps a provider's delta producer into an `AiStream` (see `AiStream` in types.ts for the
 * contract). Providers only yield text; this adds the `done` chunk, keeps the yielded text, stops
 * the producer when the consumer leaves early, and settles `result`.
 */
export function createAiStream(source: AiStreamSource): AiStream {
  let resolveResult!: (result: AiStreamResult) => void
  let rejectResult!: (error: unknown) => void
  const result = new Promise<AiStreamResult>((resolve, reject) => {
    resolveResult = resolve
    rejectResult = reject
  })
  // Callers that only iterate must not get an unhandled rejection; awaiting `result` still throws.
  result.catch(() => undefined)

  let settled = false
  let output = ""

  const settle = (end: AiStreamEnd): AiStreamResult => {
    const outcome: AiStreamResult = {
      output,
      usage: end.usage ?? source.usageOf(output),
      model: source.model,
      finish_reason: end.finish_reason,
      completed: end.completed,
      usage_estimated: end.usage ? false : source.usageOfIsEstimate,
    }
    if (!settled) {
      settled = true
      resolveResult(outcome)
    }
    return outcome
  }

  const fail = (error: unknown) => {
    if (!settled) {
      settled = true
      rejectResult(error)
    }
  }

  async function* chunks(): AsyncGenerator<AiStreamChunk, void, undefined> {
    const producer = source.produce()
    let end: AiStreamEnd | undefined
    try {
      for (;;) {
        const step = await producer.next()
        if (step.done) {
          end = step.value
          break
        }
        if (!step.value) {
          continue
        }
        output += step.value
        yield { type: "delta", text: step.value }
      }
    } catch (error) {
      fail(error)
      throw error
    } finally {
      if (!end) {
        // The consumer left (return() at a yield) or the producer failed: make sure nothing
        // keeps running upstream, and let the producer release what it holds.
        source.stop()
        await producer.return(STOPPED_EARLY).catch(() => undefined)
        settle(STOPPED_EARLY)
      }
    }
    const outcome = settle(end)
    yield { type: "done", usage: outcome.usage, model: outcome.model, finish_reason: outcome.finish_reason }
  }

  let iterated = false
  return {
    result,
    [Symbol.asyncIterator](): AsyncIterator<AiStreamChunk> {
      if (iterated) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "An AiStream can be iterated only once")
      }
      iterated = true
      const generator = chunks()
      let started = false
      return {
        next: () => {
          started = true
          return generator.next()
        },
        return: async () => {
          if (started) {
            // At once: a next() may still be waiting on the network, and return() would queue
            // behind it.
            source.stop()
          } else {
            // Never started: no request was made, so nothing was used.
            settle({ usage: { input_tokens: 0, output_tokens: 0 }, finish_reason: null, completed: false })
          }
          return generator.return(undefined)
        },
        throw: (error?: unknown) => generator.throw(error),
      }
    },
  }
}

const STOPPED_EARLY: AiStreamEnd = { usage: null, finish_reason: null, completed: false }

export type LocalAiProviderOptions = {
  /** Pause before an answer and between streamed words, to make the demo look like a real model. */
  latency_ms?: number
}

/** How much of the user's question the local reply echoes. */
const MAX_ECHOED_CHARS = 160

/**
 * A deterministic stand-in for a model: the reply quotes the last user message and names the
 * model, and usage is `estimateTokens` of the chat and of the reply. `max_output_tokens` cuts the
 * reply at a word boundary (finish_reason "length"). No network.
 */
export class LocalAiProvider implements AiProvider {
  private readonly latencyMs: number

  constructor(readonly id: string, options: LocalAiProviderOptions = {}) {
    this.latencyMs = options.latency_ms ?? 0
    if (!Number.isFinite(this.latencyMs) || this.latencyMs < 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `AI provider "${id}": latency_ms must be a number >= 0`)
    }
  }

  async invoke(input: AiInvokeInput): Promise<AiInvokeResult> {
    await pause(this.latencyMs, input.signal)
    if (input.signal?.aborted) {
      throw new AiProviderError(`AI provider "${this.id}": request aborted by the caller`, this.id)
    }
    const { output, finish_reason } = localReply(input)
    return {
      output,
      usage: { input_tokens: estimateChatTokens(input.messages), output_tokens: estimateTokens(output) },
      model: input.model,
      finish_reason,
    }
  }

  async embed(input: AiEmbedInput): Promise<AiEmbedResult> {
    await pause(this.latencyMs, input.signal)
    const dimensions = input.dimensions ?? LOCAL_EMBEDDING_DIMENSIONS
    return {
      embeddings: input.input.map((text) => localVector(text, dimensions)),
      usage: { input_tokens: input.input.reduce((sum, text) => sum + estimateTokens(text), 0) },
      model: input.model,
    }
  }

  /** Yields the reply word by word (each delta keeps its leading whitespace), then `done`. */
  stream(input: AiInvokeInput): AiStream {
    const stopper = new AbortController()
    const latencyMs = this.latencyMs
    return createAiStream({
      model: input.model,
      async *produce() {
        const { output, finish_reason } = localReply(input)
        const stopOnCallerAbort = () => stopper.abort()
        input.signal?.addEventListener("abort", stopOnCallerAbort, { once: true })
        try {
          const words = output.match(/\s*\S+/g) ?? []
          for (const [index, word] of words.entries()) {
            if (index > 0) {
              await pause(latencyMs, stopper.signal)
            }
            if (stopper.signal.aborted || input.signal?.aborted) {
              return { usage: null, finish_reason: null, completed: false }
            }
            yield word
          }
          return { usage: null, finish_reason, completed: true }
        } finally {
          input.signal?.removeEventListener("abort", stopOnCallerAbort)
        }
      },
      stop: () => stopper.abort(),
      usageOf: (output) => ({
        input_tokens: estimateChatTokens(input.messages),
        output_tokens: estimateTokens(output),
      }),
      usageOfIsEstimate: false,
    })
  }
}

/** Dimensions of the local provider's vectors when the caller asks for none. */
export const LOCAL_EMBEDDING_DIMENSIONS = 16

/** A deterministic unit vector of `text` (FNV-1a seeded per dimension): equal texts, equal vectors. */
function localVector(text: string, dimensions: number): number[] {
  const raw = Array.from({ length: dimensions }, (_, dimension) => {
    let hash = 0x811c9dc5 ^ dimension
    for (let i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
    }
    return ((hash >>> 0) / 0xffffffff) * 2 - 1
  })
  const norm = Math.hypot(...raw) || 1
  return raw.map((value) => value / norm)
}

function localReply(input: AiInvokeInput): { output: string; finish_reason: string } {
  const lastUserMessage = [...input.messages].reverse().find((message) => message.role === "user")
  const question = shorten(collapseWhitespace(lastUserMessage?.content ?? ""), MAX_ECHOED_CHARS)
  const topic = question.split(" ").slice(0, 6).join(" ").replace(/[\s.,;:!?"']+$/, "")
  const reply = question
    ? `You asked: "${question}". Here is a helpful answer about ${topic}, from ${input.model}.`
    : `Hello from ${input.model}. Ask me anything.`

  const limit = input.max_output_tokens
  if (limit === undefined || estimateTokens(reply) <= limit) {
    return { output: reply, finish_reason: "stop" }
  }
  let output = ""
  for (const word of reply.match(/\s*\S+/g) ?? []) {
    if (estimateTokens(output + word) > limit) {
      break
    }
    output += word
  }
  return { output: output.trimStart(), finish_reason: "length" }
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim()
}

function shorten(text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    return text
  }
  const cut = text.slice(0, maxChars)
  const lastSpace = cut.lastIndexOf(" ")
  return `${lastSpace > 0 ? cut.slice(0, lastSpace) : cut}...`
}

/** Waits `ms`, or less if `signal` aborts; never rejects. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) {
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener("abort", done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener("abort", done, { once: true })
  })
}
