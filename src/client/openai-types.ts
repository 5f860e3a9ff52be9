/**
 * The OpenAI wire shapes the plugin's OpenAI-compatible endpoints (`/store/ai-credits/v1/*`,
 * `/admin/ai-credits/v1/*`) answer with: only the fields the plugin sets. Dependency-free, and
 * re-exported by `types.ts`.
 */

/** Response headers of the v1 endpoints (see docs/STORE_API.md). */
export const AI_CREDITS_HEADERS = {
  /** Credits this request charged (streams: in the last chunk's `x_ai_credits` instead). */
  charged: "x-ai-credits-charged",
  /** The payer's available credits after the request, when the caller may see that wallet. */
  balance: "x-ai-credits-balance",
  /** Milliseconds the plugin added to the provider's own time. */
  overhead: "x-ai-credits-overhead-ms",
  /** The fallback that answered, e.g. `cheaper_model; from=gpt-4o; to=gpt-4o-mini`. */
  fallback: "x-ai-credits-fallback",
  /** The AI module the request is for (request header). */
  module: "x-ai-credits-module",
} as const

export type OpenAiUsage = { prompt_tokens: number; completion_tokens: number; total_tokens: number }

/** What the plugin adds to the last chunk of a stream (headers are gone by then). */
export type AiCreditsStreamNote = { charged: number; balance: number | null; fallback: string | null }

export type OpenAiChatCompletion = {
  id: string
  object: "chat.completion"
  created: number
  model: string
  choices: Array<{
    index: number
    message: { role: "assistant"; content: string }
    finish_reason: "stop" | "length"
    logprobs: null
  }>
  usage: OpenAiUsage
}

export type OpenAiChatCompletionChunk = {
  id: string
  object: "chat.completion.chunk"
  created: number
  model: string
  choices: Array<{
    index: number
    delta: { role?: "assistant"; content?: string }
    finish_reason: "stop" | "length" | null
    logprobs: null
  }>
  usage?: OpenAiUsage | null
  x_ai_credits?: AiCreditsStreamNote
}

export type OpenAiEmbeddingList = {
  object: "list"
  /** `embedding` is base64 of little-endian float32s when `encoding_format` was "base64". */
  data: Array<{ object: "embedding"; index: number; embedding: number[] | string }>
  model: string
  usage: { prompt_tokens: number; total_tokens: number }
}

export type OpenAiModel = { id: string; object: "model"; created: number; owned_by: string }
export type OpenAiModelList = { object: "list"; data: OpenAiModel[] }

/** OpenAI's error body, so the SDKs raise their typed errors; extra fields are the plugin's details. */
export type OpenAiErrorBody = {
  error: { message: string; type: string; code: string | null; param: string | null } & Record<string, unknown>
}
