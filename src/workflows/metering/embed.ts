import type { MedusaContainer } from "@medusajs/framework/types"
import { CreditError } from "../../modules/ai-credits/errors"
import { AiProviderError, estimateTokens } from "../../modules/ai-credits-gateway"
import type { WalletBalance } from "../../modules/ai-credits/types"
import { creditsService, gatewayService, moduleFor } from "./ai-modules"
import { authorizeAiRequest } from "./authorize"
import { captureAiRequest, releaseAiRequest } from "./settle"
import type { AuthorizeAiRequestInput, AuthorizeAiRequestOutcome, RateLimitNote } from "./types"

export type EmbedAiInput = Omit<AuthorizeAiRequestInput, "estimate"> & { input: string[]; dimensions?: number }

export type EmbedAiResult =
  | {
      decision: "allow"
      embeddings: number[][]
      model: string
      usage: { input_tokens: number }
      credits: number
      authorization_id: string
      latency_ms: number | null
      balance: WalletBalance
      fallback: Extract<AuthorizeAiRequestOutcome, { decision: "allow" }>["fallback"]
      rate_limit: RateLimitNote
    }
  | Extract<AuthorizeAiRequestOutcome, { decision: "fallback" }>

/**
 * Embeddings, metered like `invokeAi`: authorize the input's estimated tokens, embed, charge the
 * tokens the provider counted. A provider failure releases the hold and charges nothing.
 */
export async function embedAi(container: MedusaContainer, callerInput: EmbedAiInput): Promise<EmbedAiResult> {
  const input = { ...callerInput, caller: { ...callerInput.caller, metered_by_server: true } }
  const gateway = gatewayService(container)
  // A module whose provider makes no embeddings is refused before any credit is held.
  const moduleConfig = await moduleFor(container, input.module, input.model)
  if (!(await gateway.getAiProvider(moduleConfig.provider)).embed) {
    throw new CreditError("invalid_data", `The AI provider of the ${input.module} module does not make embeddings`)
  }
  const outcome = await authorizeAiRequest(container, {
    ...input,
    estimate: { input_tokens: input.input.reduce((sum, text) => sum + estimateTokens(text), 0), output_tokens: 0, requests: 1 },
  })
  if (outcome.decision === "fallback") {
    return outcome
  }
  const credits = creditsService(container)
  const provider = await gateway.getAiProvider(outcome.provider)
  const started = Date.now()
  let answer
  try {
    if (!provider.embed) {
      throw new CreditError("invalid_data", `The AI provider of the ${input.module} module does not make embeddings`)
    }
    answer = await provider.embed({ model: outcome.model, input: input.input, dimensions: input.dimensions })
    await gateway.noteProviderOutcome(credits, outcome.provider)
  } catch (error) {
    await releaseAiRequest(container, input.caller, outcome.result.reservation.id)
    if (error instanceof CreditError) {
      throw error
    }
    await gateway.noteProviderOutcome(credits, outcome.provider, error)
    throw new CreditError("provider_error", "The AI provider failed; nothing was charged", {
      provider: error instanceof AiProviderError ? error.provider : undefined,
    })
  }
  const captured = await captureAiRequest(container, {
    caller: input.caller,
    authorization_id: outcome.result.reservation.id,
    usage: { input_tokens: answer.usage.input_tokens, output_tokens: 0, requests: 1 },
    output_type: "embedding",
    latency_ms: Date.now() - started,
  })
  return {
    decision: "allow",
    embeddings: answer.embeddings,
    model: captured.reservation.model ?? outcome.model,
    usage: { input_tokens: captured.usage_event.input_tokens },
    credits: captured.usage_event.credits,
    authorization_id: captured.reservation.id,
    latency_ms: captured.usage_event.latency_ms ?? null,
    balance: captured.balance,
    fallback: outcome.fallback,
    rate_limit: outcome.rate_limit,
  }
}
