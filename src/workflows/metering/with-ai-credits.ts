import type { MedusaContainer } from "@medusajs/framework/types"
import { CreditError } from "../../modules/ai-credits/errors"
import type { UpgradeOffer } from "../../modules/ai-credits/policy"
import type { CaptureResult, UsageInput } from "../../modules/ai-credits/service"
import { authorizeAiRequest } from "./authorize"
import { captureAiRequest, releaseAiRequest } from "./settle"
import type { AuthorizeAiRequestInput, AuthorizeAiRequestOutcome } from "./types"

export type MeteredRun<T> = {
  /** What the AI call returned, for the caller. */
  result: T
  /** What the call really used, as the provider reported it. */
  usage: UsageInput
  output_type?: string
}

/**
 * The payer could not pay and the module's fallback refuses (`disable`, `upgrade_prompt`, or a
 * `cheaper_model` that did not fit either): what a store route answers as 402, as a value.
 */
export type RefusedFallback = {
  decision: "fallback"
  fallback: {
    type: "disable" | "upgrade_prompt" | "cheaper_model"
    message: string
    /** `balance`, `monthly_budget` or `quota`. */
    reason: string
    required: number | null
    available: number | null
    /** For upgrade prompts (and cheaper_model): the credit packs and plans on sale. */
    upgrade: UpgradeOffer | null
  }
  balance: { available: number; reserved: number } | null
  rate_limit: null
}

export type WithAiCreditsResult<T> =
  | { decision: "allow"; result: T; charge: CaptureResult; provider: string; model: string }
  | Extract<AuthorizeAiRequestOutcome, { decision: "fallback" }>
  | RefusedFallback

/** The 402 a refusing fallback throws for routes, as the fallback outcome in-process callers get. */
function refusedFallback(error: CreditError): RefusedFallback {
  const { fallback, reason, required, available, balance, upgrade } = error.details as {
    fallback: { type: RefusedFallback["fallback"]["type"] }
    reason?: string
    required?: number | null
    available?: number | null
    balance?: RefusedFallback["balance"]
    upgrade?: UpgradeOffer | null
  }
  return {
    decision: "fallback",
    fallback: {
      type: fallback.type,
      message: error.message,
      reason: reason ?? "balance",
      required: required ?? null,
      available: available ?? null,
      upgrade: upgrade ?? null,
    },
    balance: balance ?? null,
    rate_limit: null,
  }
}

/**
 * Wraps an AI call made by another plugin in authorize → run → capture, or release when the call
 * throws. `run` receives the provider and model the module's routing chose (a cheaper one when
 * the payer's credit only stretches that far) and returns its result with the usage it incurred.
 *
 * @example
 * const outcome = await withAiCredits(container, {
 *   caller: { user_id: adminUserId },
 *   module: "seo",
 *   estimate: { input_tokens: 600, output_tokens: 300 },
 * }, async ({ model }) => {
 *   const answer = await myLlm.complete({ model, prompt })
 *   return { result: answer.text, usage: { input_tokens: answer.promptTokens, output_tokens: answer.completionTokens } }
 * })
 * if (outcome.decision === "fallback") {
 *   // credits ran out: outcome.fallback.type is the module's fallback (degrade, disable,
 *   // upgrade_prompt with outcome.fallback.upgrade, ...): use the non-AI path
 * }
 *
 * Credit running out is never thrown: it is the `fallback` outcome, whatever the module's
 * fallback type. Other refusals still throw a `CreditError` (a blocking quota, a rate limit, a
 * model without a price, a switched-off module), as does `run` itself after the hold is released.
 */
export async function withAiCredits<T>(
  container: MedusaContainer,
  request: AuthorizeAiRequestInput,
  run: (routing: { provider: string; model: string; authorization_id: string }) => Promise<MeteredRun<T>>
): Promise<WithAiCreditsResult<T>> {
  let outcome: AuthorizeAiRequestOutcome
  try {
    outcome = await authorizeAiRequest(container, request)
  } catch (error) {
    if (error instanceof CreditError && error.code === "insufficient_credits" && error.details.fallback) {
      return refusedFallback(error)
    }
    throw error
  }
  if (outcome.decision === "fallback") {
    return outcome
  }
  const authorizationId = outcome.result.reservation.id
  let ran: MeteredRun<T>
  const started = Date.now()
  try {
    ran = await run({ provider: outcome.provider, model: outcome.model, authorization_id: authorizationId })
  } catch (error) {
    await releaseAiRequest(container, request.caller, authorizationId)
    throw error
  }
  const charge = await captureAiRequest(container, {
    caller: request.caller,
    authorization_id: authorizationId,
    usage: ran.usage,
    output_type: ran.output_type,
    latency_ms: Date.now() - started,
  })
  return { decision: "allow", result: ran.result, charge, provider: outcome.provider, model: outcome.model }
}
