import { visibleBalance } from "../../modules/ai-credits/policy"
import type { Caller } from "../../modules/ai-credits/policy"
import type { AuthorizeAiRequestOutcome, CaptureAiRequestInput } from "../../workflows/metering"

/**
 * An authorization as the APIs show it. For a store caller (`caller` given), the paying wallet is
 * named only when `visibleBalance` shows it to that caller: a shared pool stays the merchant's.
 */
export function serializeAuthorization(outcome: Extract<AuthorizeAiRequestOutcome, { decision: "allow" }>, caller?: Caller) {
  const { reservation, balance } = outcome.result
  const walletShown = !caller || visibleBalance(caller, balance) !== null
  return {
    id: reservation.id,
    status: reservation.status,
    wallet_id: walletShown ? reservation.wallet_id : null,
    module: reservation.module,
    reserved_credits: reservation.amount,
    expires_at: reservation.expires_at,
    provider: reservation.provider ?? outcome.provider,
    model: reservation.model ?? outcome.model,
    fallback: outcome.fallback,
  }
}

/** What a capture body reports (admin and store alike): the usage, and the provider, model, output and latency of the run. */
export function capturedRun(body: Pick<CaptureAiRequestInput, "usage" | "provider" | "model" | "output_type" | "latency_ms">) {
  const { usage, provider, model, output_type, latency_ms } = body
  return { usage, provider, model, output_type, latency_ms }
}
