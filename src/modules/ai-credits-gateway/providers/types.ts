/**
 * The contract between the gateway and an AI provider. A provider turns a prompt or a chat into
 * output and reports the token counts the provider itself measured; the gateway meters and
 * charges from those counts, never from its own guess.
 */

export type AiChatMessage = { role: "system" | "user" | "assistant"; content: string }

export type AiInvokeInput = {
  /** The provider's own model name (after the provider's model map was applied). */
  model: string
  messages: AiChatMessage[]
  max_output_tokens?: number
  temperature?: number
  /** Aborts the call: a client that went away, or a deadline. */
  signal?: AbortSignal
}

export type AiUsage = { input_tokens: number; output_tokens: number; images?: number; requests?: number }

export type AiInvokeResult = {
  output: string
  usage: AiUsage
  model: string
  /** Why the provider stopped: "stop", "length", ... */
  finish_reason?: string | null
}

/** One piece of a streamed answer. The last one carries the usage the provider reported. */
export type AiStreamChunk =
  | { type: "delta"; text: string }
  | { type: "done"; usage: AiUsage; model: string; finish_reason?: string | null }

/**
 * A streamed answer: iterate it for the chunks (once, by one consumer), then read `result` for
 * what the stream amounted to. The request starts on the first `next()`; a stream closed before
 * that (`return()`) made no request and resolves with zero usage, and one never iterated never
 * settles.
 *
 * `result` settles when the iteration is over, however it ended:
 * - the provider finished: `completed: true`, with the usage it reported;
 * - the consumer stopped early (`break` out of `for await`, i.e. the iterator's `return()`) or
 *   `input.signal` aborted: the upstream request is stopped and `result` resolves with
 *   `completed: false`, the text yielded so far, and its usage (estimated, unless the provider
 *   measures its own). After an abort the iteration still ends with a `done` chunk carrying it;
 * - the provider failed: `result` rejects with the same `AiProviderError` the iteration threw.
 *   (That rejection is handled internally, so leaving `result` unread never crashes the process.)
 */
export interface AiStream extends AsyncIterable<AiStreamChunk> {
  readonly result: Promise<{
    /** The text yielded to the consumer (all of it when completed). */
    output: string
    usage: AiUsage
    model: string
    finish_reason: string | null
    /** The provider reached the end of the answer; false when stopped early or aborted. */
    completed: boolean
    /** The usage was computed with `estimateTokens` because the provider reported none. */
    usage_estimated: boolean
  }>
}

export type AiEmbedInput = { model: string; input: string[]; dimensions?: number; signal?: AbortSignal }

/** One vector per input, in order, and the input tokens the provider counted. */
export type AiEmbedResult = { embeddings: number[][]; usage: { input_tokens: number }; model: string }

export interface AiProvider {
  /** The id the merchant configured it under, e.g. "openai" or "local". */
  readonly id: string
  invoke(input: AiInvokeInput): Promise<AiInvokeResult>
  /**
   * Streams the answer. When the caller stops reading early (client gone), the provider must
   * stop the upstream request; the gateway then meters what was streamed so far.
   */
  stream(input: AiInvokeInput): AiStream
  /** Embeddings; a provider without them cannot serve an embeddings module. */
  embed?(input: AiEmbedInput): Promise<AiEmbedResult>
}

/** A provider failed: the gateway releases the hold and charges nothing. */
export class AiProviderError extends Error {
  constructor(
    message: string,
    readonly provider: string,
    readonly status?: number,
    readonly retryable = false
  ) {
    super(message)
    this.name = "AiProviderError"
  }
}
