import { getHttpResponseFromError } from "@medusajs/framework/http"
import type { MedusaRequest, MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import {
  AI_CREDITS_HEADERS,
  type OpenAiChatCompletion,
  type OpenAiChatCompletionChunk,
  type OpenAiEmbeddingList,
  type OpenAiErrorBody,
  type OpenAiModel,
  type OpenAiModelList,
  type OpenAiUsage,
} from "../../../../client/types"
import { AI_CREDITS_GATEWAY_MODULE } from "../../../../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../../../modules/ai-credits-gateway/service"
import { CREDIT_ERROR_STATUS, CreditError, type CreditErrorCode } from "../../../../modules/ai-credits/errors"
import { visibleRefusalDetails, type Caller, type CheaperModelFallback } from "../../../../modules/ai-credits/policy"
import type { WalletBalance } from "../../../../modules/ai-credits/types"
import { embedAi, invokeAi, streamAi } from "../../../../workflows/metering"
import { storeCaller } from "../../../utils/callers"
import { idempotencyKeyHeader, noteRateLimit } from "../../../utils/credit-errors"
import type { ChatCompletionsBodyType, EmbeddingsBodyType } from "./validators"

/** The OpenAI-compatible endpoints answer errors in OpenAI's shape; the rest of the API keeps Medusa's. */
export const OPENAI_PATH = /^\/(store|admin)\/ai-credits\/v1(\/|$)/

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "insufficient_quota",
  403: "permission_error",
  404: "not_found_error",
  409: "conflict_error",
  413: "invalid_request_error",
  422: "invalid_request_error",
  429: "rate_limit_error",
}

/** Headers a cross-origin widget may read. */
const EXPOSED_HEADERS = [...Object.values(AI_CREDITS_HEADERS), "Retry-After"].join(", ")

/**
 * Any error of a v1 request as OpenAI's `{ error: { message, type, code, param } }`, with the
 * plugin's status (402, 429 with Retry-After, ...) and its details (e.g. `upgrade_offers`) beside.
 * A store caller sees a wallet's balance in the details only when it may see that wallet.
 */
export function sendOpenAiError(error: unknown, req: MedusaRequest, res: MedusaResponse) {
  const code = (error as { code?: unknown })?.code
  let status: number
  let details: Record<string, unknown> = {}
  let errorCode: string | null
  let message = error instanceof Error ? error.message : "An unknown error occurred."
  if (typeof code === "string" && code in CREDIT_ERROR_STATUS) {
    status = CREDIT_ERROR_STATUS[code as CreditErrorCode]
    errorCode = code
    const raw = (error as { details?: Record<string, unknown> }).details ?? {}
    const storeRequest = req as MedusaStoreRequest
    details = storeRequest.publishable_key_context ? visibleRefusalDetails(storeCaller(storeRequest), raw) : raw
  } else if (typeof (error as { status?: unknown })?.status === "number" && !(error instanceof MedusaError)) {
    // body-parser and Express errors (413 too large, 400 malformed JSON) carry their own status.
    status = (error as { status: number }).status
    errorCode = String((error as { type?: unknown }).type ?? "invalid_request")
  } else {
    const medusa = getHttpResponseFromError(error as MedusaError)
    status = medusa.statusCode
    errorCode = medusa.body.type ?? null
    message = medusa.body.message ?? message
  }
  if (typeof details.retry_after_s === "number") {
    res.setHeader("Retry-After", String(details.retry_after_s))
  }
  res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS)
  const body: OpenAiErrorBody = {
    error: { ...details, message, type: TYPE_BY_STATUS[status] ?? "api_error", code: errorCode, param: null },
  }
  res.status(status).json(body)
}

/**
 * The AI module of a v1 request: the `x-ai-credits-module` header, or a `model` that names a
 * module. The model: the one asked for, or the module's default when none or the module is named.
 */
export function moduleAndModel(req: MedusaRequest, model: string | undefined) {
  const module = req.get(AI_CREDITS_HEADERS.module)?.trim() || model
  if (!module) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Name the AI module in the ${AI_CREDITS_HEADERS.module} header (or as the model)`
    )
  }
  return { module, model: model && model !== module ? model : undefined }
}

/** What a v1 chat endpoint reports of the payer's balance. */
export type BalanceView = (balance: WalletBalance) => { available: number } | null

export type ChatCaller = { caller: Caller; wallet_id?: string; showBalance: BalanceView }

function openAiUsage(usage: { input_tokens: number; output_tokens: number }): OpenAiUsage {
  return {
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: usage.input_tokens + usage.output_tokens,
  }
}

/** E.g. `cheaper_model; from=gpt-4o; to=gpt-4o-mini`. */
function fallbackNote(fallback: CheaperModelFallback | null | undefined): string | null {
  return fallback ? `${fallback.type}; from=${fallback.from_model}; to=${fallback.to_model}` : null
}

/** What a metered answer cost, as headers: credits charged, the payer's balance after, the fallback, the time the plugin added. */
function setCostHeaders(
  res: MedusaResponse,
  result: {
    rate_limit: Parameters<typeof noteRateLimit>[1]
    fallback?: CheaperModelFallback | null
    credits: number
    balance: WalletBalance
    latency_ms: number | null
  },
  showBalance: BalanceView,
  started: number
) {
  noteRateLimit(res, result.rate_limit)
  const fallback = fallbackNote(result.fallback)
  if (fallback) {
    res.setHeader(AI_CREDITS_HEADERS.fallback, fallback)
  }
  res.setHeader(AI_CREDITS_HEADERS.charged, String(result.credits))
  const balance = showBalance(result.balance)
  if (balance) {
    res.setHeader(AI_CREDITS_HEADERS.balance, String(balance.available))
  }
  res.setHeader(AI_CREDITS_HEADERS.overhead, String(Math.max(0, Date.now() - started - (result.latency_ms ?? 0))))
}

/** A `degrade` answer is no completion: OpenAI clients get the 402 the other fallbacks give. */
function refusedByFallback(outcome: { fallback: { type: string; message: string }; balance: WalletBalance | null }) {
  return new CreditError("insufficient_credits", outcome.fallback.message, {
    reason: "balance",
    fallback: outcome.fallback,
    balance: outcome.balance,
  })
}

function messagesOf(body: ChatCompletionsBodyType) {
  return body.messages.map((message) => ({
    role: message.role === "developer" ? ("system" as const) : message.role,
    content: typeof message.content === "string" ? message.content : message.content.map((part) => part.text).join(""),
  }))
}

/**
 * `POST …/v1/chat/completions`: the plugin's gateway (`invokeAi` / `streamAi`: quotas, rate
 * limits, payer order, fallbacks, idempotency, metering) answering in OpenAI's wire format.
 */
export async function chatCompletions(
  req: MedusaRequest<ChatCompletionsBodyType>,
  res: MedusaResponse,
  { caller, wallet_id, showBalance }: ChatCaller
) {
  const started = Date.now()
  const body = req.validatedBody
  const { module, model } = moduleAndModel(req, body.model)
  const request = {
    caller,
    module,
    model,
    wallet_id,
    idempotency_key: idempotencyKeyHeader(req),
    input: { messages: messagesOf(body) },
  }
  res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS)
  if (!body.stream) {
    const result = await invokeAi(req.scope, request)
    if (result.decision === "fallback") {
      throw refusedByFallback(result)
    }
    setCostHeaders(res, result, showBalance, started)
    const completion: OpenAiChatCompletion = {
      id: `chatcmpl-${result.authorization_id}`,
      object: "chat.completion",
      created: Math.floor(started / 1000),
      model: result.model,
      choices: [{ index: 0, message: { role: "assistant", content: result.output }, finish_reason: "stop", logprobs: null }],
      usage: openAiUsage(result.usage),
    }
    res.json(completion)
    return
  }

  const clientGone = new AbortController()
  res.on("close", () => clientGone.abort())
  const events = streamAi(req.scope, { ...request, signal: clientGone.signal })
  // Refusals (402, 429, ...) are plain JSON errors: nothing has been sent yet.
  const first = await events.next()
  if (first.done) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "The AI gateway ended without an answer")
  }
  if (first.value.event === "fallback") {
    await events.return(undefined)
    throw refusedByFallback(first.value.data)
  }
  if (first.value.event !== "start") {
    await events.return(undefined)
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "The AI gateway did not start the stream")
  }
  const start = first.value.data
  noteRateLimit(res, start.rate_limit)
  const fallback = fallbackNote(start.fallback)
  if (fallback) {
    res.setHeader(AI_CREDITS_HEADERS.fallback, fallback)
  }
  res.setHeader(AI_CREDITS_HEADERS.overhead, String(Date.now() - started))
  res.status(200)
  res.setHeader("content-type", "text/event-stream; charset=utf-8")
  res.setHeader("cache-control", "no-cache, no-transform")
  res.setHeader("x-accel-buffering", "no")
  res.flushHeaders()

  const id = `chatcmpl-${start.authorization_id}`
  const created = Math.floor(started / 1000)
  const send = (data: object) => {
    if (!res.writableEnded && !res.destroyed) {
      res.write(`data: ${JSON.stringify(data)}\n\n`)
    }
  }
  const chunk = (delta: OpenAiChatCompletionChunk["choices"][number]["delta"], finish: "stop" | "length" | null) => {
    const data: OpenAiChatCompletionChunk = {
      id,
      object: "chat.completion.chunk",
      created,
      model: start.model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    }
    return data
  }
  send(chunk({ role: "assistant", content: "" }, null))
  try {
    for await (const event of { [Symbol.asyncIterator]: () => events }) {
      if (clientGone.signal.aborted) {
        break
      }
      if (event.event === "delta") {
        send(chunk({ content: event.data.text }, null))
      } else if (event.event === "done") {
        const stop: OpenAiChatCompletionChunk = chunk({}, event.data.completed ? "stop" : "length")
        send(stop)
        const balance = showBalance(event.data.balance)
        const last: OpenAiChatCompletionChunk = {
          ...chunk({}, null),
          choices: [],
          usage: body.stream_options?.include_usage ? openAiUsage(event.data.usage) : null,
          x_ai_credits: { charged: event.data.credits, balance: balance?.available ?? null, fallback },
        }
        send(last)
      } else if (event.event === "error") {
        send({ error: { message: event.data.message, type: "api_error", code: event.data.type, param: null } })
      }
    }
  } finally {
    await events.return(undefined)
    if (!res.writableEnded && !res.destroyed) {
      res.end("data: [DONE]\n\n")
    }
  }
}

/**
 * `GET …/v1/models`: the models a caller may name. With the module header, that module's allowed
 * models; without, every switched-on module too (a module id as the model picks its default).
 */
export async function listModels(req: MedusaRequest, res: MedusaResponse) {
  const gateway: AiCreditsGatewayModuleService = req.scope.resolve(AI_CREDITS_GATEWAY_MODULE)
  const wanted = req.get(AI_CREDITS_HEADERS.module)?.trim()
  const modules = (await gateway.listAiModules()).filter((config) => config.enabled && (!wanted || config.id === wanted))
  if (wanted && !modules.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Unknown or switched-off AI module "${wanted}"`)
  }
  const models = new Map<string, OpenAiModel>()
  for (const config of modules) {
    models.set(config.id, { id: config.id, object: "model", created: 0, owned_by: "ai-credits" })
    for (const model of config.allowed_models) {
      if (!models.has(model)) {
        models.set(model, { id: model, object: "model", created: 0, owned_by: config.provider })
      }
    }
  }
  const list: OpenAiModelList = { object: "list", data: [...models.values()] }
  res.json(list)
}

/** `POST …/v1/embeddings`: one vector per input, metered by `embedAi` from the provider's token count. */
export async function createEmbeddings(req: MedusaRequest<EmbeddingsBodyType>, res: MedusaResponse, { caller, wallet_id, showBalance }: ChatCaller) {
  const started = Date.now()
  const body = req.validatedBody
  const { module, model } = moduleAndModel(req, body.model)
  res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS)
  const result = await embedAi(req.scope, {
    caller,
    module,
    model,
    wallet_id,
    idempotency_key: idempotencyKeyHeader(req),
    input: typeof body.input === "string" ? [body.input] : body.input,
    dimensions: body.dimensions,
  })
  if (result.decision === "fallback") {
    throw refusedByFallback(result)
  }
  setCostHeaders(res, result, showBalance, started)
  const list: OpenAiEmbeddingList = {
    object: "list",
    data: result.embeddings.map((embedding, index) => ({
      object: "embedding",
      index,
      embedding: body.encoding_format === "base64" ? Buffer.from(new Float32Array(embedding).buffer).toString("base64") : embedding,
    })),
    model: result.model,
    usage: { prompt_tokens: result.usage.input_tokens, total_tokens: result.usage.input_tokens },
  }
  res.json(list)
}
