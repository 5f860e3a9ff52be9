import { CreditError } from "../errors"
import type { WalletBalance } from "../types"
import type { FallbackSetting, SubscriptionStanding } from "./context"
import { shortBalance, withRefusedWalletOwner } from "./visibility"

export type UpgradePlanOffer = {
  id: string
  code: string
  name: string
  monthly_credits: number
  /** The monthly price, an exact decimal string. */
  price_amount: string | null
  currency_code: string | null
  trial_days: number | null
}

/** The credit packs and plans on sale, offered when credit runs out. */
export type UpgradeOffer = {
  packs: {
    id: string
    title: string
    credits: number
    kind: string
    variant_id: string | null
    product_id: string | null
    prices: { amount: number; currency_code: string }[]
  }[]
  plans: UpgradePlanOffer[]
}

export type CheaperModelFallback = { type: "cheaper_model"; from_model: string; to_model: string; message?: string }

/** A past-due subscriber's plan fallback (if any) replaces the module's. */
export function fallbackFor(moduleFallback: FallbackSetting, standing: SubscriptionStanding | null): FallbackSetting {
  return standing?.past_due && standing.fallback ? standing.fallback : moduleFallback
}

/**
 * How an authorization's refusal is answered: by the module's fallback (the payer cannot pay, or
 * a quota whose action is `fallback`), as a blocking quota, as the retry of a request whose first
 * try fell back to the cheaper model, or as it is.
 */
export function refusalHandling(refusal: CreditError): "fallback" | "quota" | "replay" | "as_is" {
  if (refusal.code === "idempotency_conflict") {
    return "replay"
  }
  if (refusal.code === "quota_exceeded") {
    return (refusal.details.rule as { action?: string } | undefined)?.action === "fallback" ? "fallback" : "quota"
  }
  return refusal.code === "insufficient_credits" ? "fallback" : "as_is"
}

/** The cheaper model a `cheaper_model` fallback moves a request of `model` to; null when there is none. */
export function cheaperRouteOf(fallback: FallbackSetting, provider: string, model: string) {
  if (fallback.type !== "cheaper_model" || !fallback.model || fallback.model === model) {
    return null
  }
  return { provider: fallback.provider ?? provider, model: fallback.model }
}

/**
 * What the fallback does for a refused request: try the cheaper model, answer `degrade` (the
 * widget's non-AI path), or refuse with a 402 (with the packs and plans on sale when `offers`).
 */
export type FallbackChoice =
  | { kind: "cheaper_model"; provider: string; model: string }
  | { kind: "degrade"; message: string }
  | { kind: "refuse"; fallback: { type: FallbackSetting["type"]; message?: string }; offers: boolean }

export function fallbackChoice(fallback: FallbackSetting, routing: { provider: string; model: string }): FallbackChoice {
  switch (fallback.type) {
    case "cheaper_model": {
      const cheaper = cheaperRouteOf(fallback, routing.provider, routing.model)
      return cheaper ? { kind: "cheaper_model", ...cheaper } : cheaperModelRefused(fallback)
    }
    case "degrade":
      return { kind: "degrade", message: fallback.message ?? "AI is unavailable right now." }
    case "disable":
      return { kind: "refuse", fallback: { type: "disable", message: fallback.message }, offers: false }
    case "upgrade_prompt":
      return { kind: "refuse", fallback: { type: "upgrade_prompt", message: fallback.message }, offers: true }
  }
}

/** A `cheaper_model` fallback whose cheaper model does not fit either: a 402 with the offers on sale. */
export function cheaperModelRefused(fallback: FallbackSetting): Extract<FallbackChoice, { kind: "refuse" }> {
  return { kind: "refuse", fallback: { type: "cheaper_model", message: fallback.message }, offers: true }
}

/** Whether a refusal of the cheaper model's attempt gives way to the 402 (others stand as they are). */
export function isCreditShortage(error: unknown): error is CreditError {
  return error instanceof CreditError && (error.code === "insufficient_credits" || error.code === "quota_exceeded")
}

/** The 402 a refusing fallback answers, with the refusal's figures and the offers (or null). */
export function insufficientCredits(
  refusal: CreditError,
  fallback: { type: string; message?: string },
  upgrade: UpgradeOffer | null
): CreditError {
  const balance = (refusal.details.balance as WalletBalance | undefined) ?? null
  const details = {
    reason: refusal.details.reason ?? (refusal.code === "quota_exceeded" ? "quota" : "balance"),
    required: refusal.details.required,
    available: refusal.details.available,
    /** What the request costs with at most one output token, at the payer's price. */
    smallest_required: refusal.details.smallest_required,
    // Only the short balance: in-process callers and custom routes may pass these details on as
    // they are, so they name no wallet and no owner.
    balance: shortBalance(balance),
    fallback,
    upgrade,
  }
  // A message the store configured is shown as it is; the ledger's own says what the smallest request costs.
  const message = fallback.message ?? withSmallestCost(refusal.message, refusal.details.required, refusal.details.smallest_required)
  return new CreditError("insufficient_credits", message, withRefusedWalletOwner(details, balance))
}

/**
 * With the module's `shrink_to_balance`, the output limit a refused gateway request runs with: the
 * output tokens the payer's available credits afford, as the ledger's refusal worked them out at
 * the payer's price. Null when the module does not shrink, the refusal is not about the balance
 * (a quota, a monthly budget), or not even one output token fits.
 */
export function affordableOutputLimit(refusal: CreditError, shrinkToBalance: boolean): number | null {
  if (!shrinkToBalance || refusal.code !== "insufficient_credits" || refusal.details.reason !== "balance") {
    return null
  }
  const tokens = refusal.details.affordable_output_tokens
  return typeof tokens === "number" && Number.isSafeInteger(tokens) && tokens >= 1 ? tokens : null
}

/** A refusal's message with what the request needed and what the smallest request costs, when the ledger said. */
function withSmallestCost(message: string, required: unknown, smallest: unknown): string {
  if (typeof required !== "number" || typeof smallest !== "number") {
    return message
  }
  const end = /[.!?]$/.test(message) ? "" : "."
  return `${message}${end} This request needs up to ${required} credits; the smallest request costs ${smallest}.`
}

/** A quota refusal with when to retry: when the window resets. */
export function withRetryAfter(error: CreditError, now = Date.now()) {
  const resetsAt = Date.parse(String(error.details.resets_at))
  const retryAfter = Number.isNaN(resetsAt) ? 60 : Math.max(1, Math.ceil((resetsAt - now) / 1000))
  return new CreditError("quota_exceeded", error.message, { ...error.details, retry_after_s: retryAfter })
}
