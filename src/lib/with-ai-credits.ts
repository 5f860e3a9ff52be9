import type { MedusaContainer } from "@medusajs/framework/types"
import type { CaptureResult, UsageInput } from "../modules/ai-credits/service"
import {
  authorizeAiRequest,
  AuthorizeAiRequestInput,
  AuthorizeAiRequestOutcome,
  captureAiRequest,
  releaseAiRequest,
} from "./metering"

export type MeteredRun<T> = {
  /** What the AI call returned, for the caller. */
  result: T
  /** What the call really used, as the provider reported it. */
  usage: UsageInput
  output_type?: string
}

export type WithAiCreditsResult<T> =
  | { decision: "allow"; result: T; charge: CaptureResult; provider: string; model: string }
  | Extract<AuthorizeAiRequestOutcome, { decision: "fallback" }>

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
 *   // credits ran out and the module degrades: use the non-AI path
 * }
 */
export async function withAiCredits<T>(
  container: MedusaContainer,
  request: AuthorizeAiRequestInput,
  run: (routing: { provider: string; model: string; authorization_id: string }) => Promise<MeteredRun<T>>
): Promise<WithAiCreditsResult<T>> {
  const outcome = await authorizeAiRequest(container, request)
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
