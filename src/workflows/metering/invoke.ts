import type { MedusaContainer } from "@medusajs/framework/types"
import type { InvokeAllowResponse } from "../../client/types"
import { CreditError } from "../../modules/ai-credits/errors"
import { AiChatMessage, AiProviderError, AiUsage, estimateChatTokens } from "../../modules/ai-credits-gateway"
import type { CaptureResult } from "../../modules/ai-credits/service"
import type { WalletBalance } from "../../modules/ai-credits/types"
import { creditsService, gatewayService, moduleFor } from "./ai-modules"
import { authorizeAiRequest } from "./authorize"
import { captureAiRequest, releaseAiRequest } from "./settle"
import type { AuthorizeAiRequestInput, AuthorizeAiRequestOutcome, RateLimitNote } from "./types"

export type InvokeAiInput = Omit<AuthorizeAiRequestInput, "estimate"> & {
  input: { messages: AiChatMessage[] } | { prompt: string }
  signal?: AbortSignal
}

type Allowed = Extract<AuthorizeAiRequestOutcome, { decision: "allow" }>

export type InvokeAiResult =
  | (Omit<InvokeAllowResponse, "balance" | "fallback"> & {
      authorization_id: string
      /** Set when the gateway lowered the output limit to what the payer could afford (`shrink_to_balance`). */
      output_limit: number | null
      /** Milliseconds the provider took (the rest of the request is the plugin's overhead). */
      latency_ms: number | null
      /** The paying wallet's balance; routes decide what their caller may see of it. */
      balance: WalletBalance
      fallback: Allowed["fallback"]
      /** Set when rate limits could not be checked (Redis down, failure mode "open"). */
      rate_limit: RateLimitNote
    })
  | Extract<AuthorizeAiRequestOutcome, { decision: "fallback" }>

/** A provider failed: the hold was released and nothing was charged. */
function providerFailed(error: unknown) {
  return new CreditError("provider_error", "The AI provider failed; nothing was charged", {
    provider: error instanceof AiProviderError ? error.provider : undefined,
  })
}

function messagesOf(input: InvokeAiInput["input"]): AiChatMessage[] {
  return "messages" in input ? input.messages : [{ role: "user", content: input.prompt }]
}

async function authorizeInvocation(container: MedusaContainer, input: InvokeAiInput) {
  const messages = messagesOf(input.input)
  const config = await moduleFor(container, input.module, input.model)
  const outcome = await authorizeAiRequest(container, {
    ...input,
    // The prompt is known, so its tokens are counted; the answer may use up to the module's maximum.
    estimate: { input_tokens: estimateChatTokens(messages), output_tokens: config.max_output_tokens, requests: 1 },
    // The gateway tells the provider the output limit, so a hold shrunk to the balance holds.
    shrinkable_output: true,
  })
  return { outcome, messages, config }
}

function resultOf(outcome: Allowed, output: string, captured: CaptureResult): InvokeAiResult {
  return {
    decision: "allow",
    output,
    provider: captured.reservation.provider ?? outcome.provider,
    model: captured.reservation.model ?? outcome.model,
    usage: {
      input_tokens: captured.usage_event.input_tokens,
      output_tokens: captured.usage_event.output_tokens,
    },
    credits: captured.usage_event.credits,
    output_limit: outcome.output_limit ?? null,
    usage_event_id: captured.usage_event.id,
    authorization_id: captured.reservation.id,
    latency_ms: captured.usage_event.latency_ms ?? null,
    balance: captured.balance,
    fallback: outcome.fallback,
    rate_limit: outcome.rate_limit,
  }
}

/** The gateway meters what it runs: only it may settle the hold (see Caller.metered_by_server). */
function meteredByServer(input: InvokeAiInput): InvokeAiInput {
  return { ...input, caller: { ...input.caller, metered_by_server: true } }
}

/**
 * The gateway: authorize (quota, payer, price), call the provider, meter the token counts the
 * provider reports, charge. A provider error releases the hold and charges nothing. The one
 * entry of invocation (`streamAi` for a streamed answer).
 */
export async function invokeAi(container: MedusaContainer, callerInput: InvokeAiInput): Promise<InvokeAiResult> {
  const input = meteredByServer(callerInput)
  const { outcome, messages, config } = await authorizeInvocation(container, input)
  if (outcome.decision === "fallback") {
    return outcome
  }
  const credits = creditsService(container)
  const gateway = gatewayService(container)
  const started = Date.now()
  // The routing's fallback chain: the authorized provider and model first, then the failover.
  const route = [
    { provider: outcome.provider, model: outcome.model },
    ...config.failover.map((step) => ({ provider: step.provider, model: step.model ?? outcome.model })),
  ]
  let answer
  let served = route[0]
  let lastError: unknown
  for (const step of route) {
    try {
      answer = await (await gateway.getAiProvider(step.provider)).invoke({
        model: step.model,
        messages,
        max_output_tokens: outcome.output_limit ?? config.max_output_tokens,
        signal: input.signal,
      })
      served = step
      await gateway.noteProviderOutcome(credits, step.provider)
      break
    } catch (error) {
      lastError = error
      if (input.signal?.aborted) {
        break
      }
      await gateway.noteProviderOutcome(credits, step.provider, error)
      if (error instanceof AiProviderError && !error.retryable) {
        break
      }
    }
  }
  if (!answer) {
    await releaseAiRequest(container, input.caller, outcome.result.reservation.id)
    throw providerFailed(lastError)
  }
  const captured = await captureServed(container, input, outcome, served, {
    usage: { input_tokens: answer.usage.input_tokens, output_tokens: answer.usage.output_tokens, requests: 1 },
    output_type: "text",
    latency_ms: Date.now() - started,
  })
  return resultOf(outcome, answer.output, captured)
}

/**
 * Captures at the price of what really served the request. A failover provider or model without
 * a price of its own is charged at the authorized model's price, never as zero.
 */
async function captureServed(
  container: MedusaContainer,
  input: InvokeAiInput,
  outcome: Allowed,
  served: { provider: string; model: string },
  usage: { usage: AiUsage & { requests: number }; output_type: string; latency_ms: number; metadata?: Record<string, unknown> | null }
) {
  const base = { caller: input.caller, authorization_id: outcome.result.reservation.id, ...usage }
  if (served.provider === outcome.provider && served.model === outcome.model) {
    return captureAiRequest(container, base)
  }
  try {
    return await captureAiRequest(container, {
      ...base,
      provider: served.provider,
      model: served.model,
      allow_model_change: true,
      metadata: { ...usage.metadata, failover_from: `${outcome.provider}/${outcome.model}` },
    })
  } catch (error) {
    if (!(error instanceof CreditError) || error.code !== "not_priced") {
      throw error
    }
    return captureAiRequest(container, { ...base, metadata: { ...usage.metadata, served_by: `${served.provider}/${served.model}` } })
  }
}

export type StreamEvent =
  | {
      event: "start"
      data: {
        authorization_id: string
        provider: string
        model: string
        fallback: Allowed["fallback"]
        rate_limit: RateLimitNote
      }
    }
  | { event: "delta"; data: { text: string } }
  | { event: "done"; data: Omit<Extract<InvokeAiResult, { decision: "allow" }>, "output"> & { completed: boolean } }
  | { event: "fallback"; data: Extract<AuthorizeAiRequestOutcome, { decision: "fallback" }> }
  | { event: "error"; data: { type: string; message: string } }

/**
 * The gateway, streamed. Yields `start`, `delta`s and `done` (or `error`). Whatever happens to the
 * consumer, the request is settled once: what was streamed is captured (also when the consumer
 * stops early: pass `signal` and abort it when the client goes away), and a provider failure
 * before any output releases the hold.
 */
export async function* streamAi(container: MedusaContainer, callerInput: InvokeAiInput): AsyncGenerator<StreamEvent> {
  const input = meteredByServer(callerInput)
  const { outcome, messages, config } = await authorizeInvocation(container, input)
  if (outcome.decision === "fallback") {
    yield { event: "fallback", data: outcome }
    return
  }
  const credits = creditsService(container)
  const gateway = gatewayService(container)
  const authorizationId = outcome.result.reservation.id
  const started = Date.now()
  const holdExpiry = holdExpiryStop(outcome.result.reservation.expires_at, started)
  const stream = (await gateway.getAiProvider(outcome.provider)).stream({
    model: outcome.model,
    messages,
    max_output_tokens: outcome.output_limit ?? config.max_output_tokens,
    signal: input.signal ? AbortSignal.any([input.signal, holdExpiry.signal]) : holdExpiry.signal,
  })
  let settled: Promise<StreamEvent> | null = null
  const settle = (): Promise<StreamEvent> =>
    (settled ??= stream.result.then(
      async (result) => {
        if (result.completed) {
          await gateway.noteProviderOutcome(credits, outcome.provider)
        }
        if (!result.output && !result.completed) {
          await releaseAiRequest(container, input.caller, authorizationId)
          return { event: "error", data: { type: "cancelled", message: "Stopped before any output; nothing was charged" } }
        }
        const captured = await captureAiRequest(container, {
          caller: input.caller,
          authorization_id: authorizationId,
          usage: { input_tokens: result.usage.input_tokens, output_tokens: result.usage.output_tokens, requests: 1 },
          output_type: "text",
          latency_ms: Date.now() - started,
          metadata: result.completed
            ? null
            : { stopped_early: true, usage_estimated: result.usage_estimated, ...(holdExpiry.signal.aborted ? { stopped_at_hold_expiry: true } : {}) },
        })
        const { output: _output, ...done } = resultOf(outcome, result.output, captured) as Extract<
          InvokeAiResult,
          { decision: "allow" }
        >
        return { event: "done", data: { ...done, completed: result.completed } }
      },
      async (error: unknown) => {
        await releaseAiRequest(container, input.caller, authorizationId)
        await gateway.noteProviderOutcome(credits, outcome.provider, error)
        return { event: "error", data: { type: "provider_error", message: "The AI provider failed; nothing was charged" } }
      }
    ))

  let iterated = false
  try {
    yield {
      event: "start",
      data: {
        authorization_id: authorizationId,
        provider: outcome.provider,
        model: outcome.model,
        fallback: outcome.fallback,
        rate_limit: outcome.rate_limit,
      },
    }
    iterated = true
    try {
      for await (const chunk of stream) {
        if (chunk.type === "delta") {
          yield { event: "delta", data: { text: chunk.text } }
        }
      }
    } catch {
      // The failure is reported by `settle()` through the stream's result.
    }
    yield await settle()
  } finally {
    holdExpiry.dispose()
    if (iterated) {
      // The consumer went away (return() on this generator): stop the provider and still settle.
      await settle().catch(() => undefined)
    } else {
      // Gone before the provider was even asked: nothing ran, nothing is charged.
      await releaseAiRequest(container, input.caller, authorizationId).catch(() => undefined)
    }
  }
}

/**
 * Stops a stream just before its hold expires: past that, the sweeper may release the hold and
 * what was streamed could not be charged. Longer generations need a longer `hold_ttl_seconds`.
 */
function holdExpiryStop(expiresAt: string | Date, started: number) {
  const expiry = new Date(expiresAt).getTime()
  // Time to capture before the hold lapses: a fifth of the hold, at most five seconds.
  const margin = Math.min(5_000, (expiry - started) / 5)
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), Math.max(0, expiry - margin - Date.now()))
  timer.unref()
  return { signal: controller.signal, dispose: () => clearTimeout(timer) }
}
