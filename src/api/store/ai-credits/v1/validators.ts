import { z } from "@medusajs/framework/zod"

/**
 * Bodies of the OpenAI-compatible endpoints. Not strict: the SDKs send parameters the plugin does
 * not use (temperature, top_p, ...); they are dropped, not refused.
 */

const textPart = z.object({ type: z.literal("text"), text: z.string().max(100_000) })

const chatMessage = z.object({
  // OpenAI's newer models call the system prompt "developer".
  role: z.enum(["system", "developer", "user", "assistant"]),
  content: z.union([z.string().max(100_000), z.array(textPart).max(100)]),
})

const modelName = z.string().trim().min(1).max(200)

export const ChatCompletionsBody = z.object({
  model: modelName.optional(),
  messages: z.array(chatMessage).min(1).max(200),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  user: z.string().max(200).optional(),
})
export type ChatCompletionsBodyType = z.infer<typeof ChatCompletionsBody>

export const EmbeddingsBody = z.object({
  model: modelName.optional(),
  input: z.union([z.string().max(100_000), z.array(z.string().max(100_000)).min(1).max(256)]),
  // The openai SDK asks for base64 (and decodes it) unless told otherwise.
  encoding_format: z.enum(["float", "base64"]).optional(),
  dimensions: z.number().int().min(1).max(4096).optional(),
})
export type EmbeddingsBodyType = z.infer<typeof EmbeddingsBody>
