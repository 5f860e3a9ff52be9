import type { Caller, CheaperModelFallback } from "../../modules/ai-credits/policy"
import type { AiModuleConfig } from "../../modules/ai-credits-gateway"
import type { CaptureCreditsInput, ReservationResult, UsageInput } from "../../modules/ai-credits/service"
import type { WalletBalance } from "../../modules/ai-credits/types"

export type AuthorizeAiRequestInput = {
  caller: Caller
  module: string
  model?: string
  estimate?: UsageInput
  idempotency_key?: string
  action?: string | null
  cart_id?: string | null
  conversation_id?: string | null
  metadata?: Record<string, unknown> | null
  /** Pay from this wallet only (admin and in-process callers); otherwise the payer chain decides. */
  wallet_id?: string
  /**
   * The estimate comes from a storefront (a browser): it is held for at most one request of the
   * module's per-request maximum, since that caller's capture may charge no more than its hold.
   */
  untrusted?: boolean
  /**
   * The server sets the request's output limit (the gateway): with the module's
   * `shrink_to_balance`, a payer short of the estimate is held for the output it affords, and the
   * outcome's `output_limit` says what the provider may write.
   */
  shrinkable_output?: boolean
}

/** Present when the rate limiter could not be asked and let the request through (fail open). */
export type RateLimitNote = { degraded: true; failure_mode: "open" } | null

export type AuthorizeAiRequestOutcome =
  | {
      decision: "allow"
      result: ReservationResult
      module: AiModuleConfig
      provider: string
      model: string
      fallback: CheaperModelFallback | null
      /** Set when the hold was shrunk to the payer's balance: the most output tokens the request may produce. */
      output_limit?: number | null
      rate_limit: RateLimitNote
    }
  | {
      decision: "fallback"
      fallback: { type: "degrade"; message: string }
      balance: WalletBalance | null
      rate_limit: RateLimitNote
    }

/**
 * The usage of an authorized request and the run it is for, as the ledger's capture takes them.
 * `allow_model_change` charges another model than the authorized one (the gateway's failover);
 * callers' reports may not.
 */
export type CaptureAiRequestInput = Pick<
  CaptureCreditsInput,
  "provider" | "model" | "allow_model_change" | "output_type" | "latency_ms" | "metadata"
> & {
  caller: Caller
  authorization_id: string
  usage: UsageInput
  /**
   * The usage was reported by a storefront (a browser): it may charge at most the hold plus the
   * module's `capture_margin`, and nothing beyond a blocking quota. Trusted callers (admin users,
   * in-process code, the gateway that reads the provider's counts) charge what was really used.
   */
  untrusted?: boolean
  /**
   * Refuse a charge that would take a blocking quota past its limit (429), instead of charging it
   * and refusing the next request. For usage a client reports; in-process code whose work has
   * already run leaves it off and is charged.
   */
  refuse_over_quota?: boolean
}

/** Usage a storefront already knows, authorized and captured at once (`chargeAiUsage`). */
export type ChargeAiUsageInput = {
  caller: Caller
  module: string
  model?: string
  usage: UsageInput
  /** Required: a retry must never charge twice. */
  idempotency_key: string
  action?: string | null
  cart_id?: string | null
  conversation_id?: string | null
  output_type?: string | null
  latency_ms?: number | null
  metadata?: Record<string, unknown> | null
}
