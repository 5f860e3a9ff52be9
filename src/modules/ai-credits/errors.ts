import { MedusaError } from "@medusajs/framework/utils"

/** Why the ledger refused an operation. Each maps to one HTTP status. */
export const CREDIT_ERROR_STATUS = {
  not_found: 404,
  invalid_data: 400,
  insufficient_credits: 402,
  hold_too_large: 400,
  exceeds_remaining: 400,
  credits_held: 409,
  /** A storefront's capture reported more than its hold (plus the module's margin) allows; nothing was charged. */
  /** A storefront's reported usage costs more than the module's largest request; nothing was charged. */
  usage_exceeds_maximum: 400,
  cap_exceeded: 400,
  not_allowed: 403,
  idempotency_conflict: 409,
  reservation_closed: 409,
  /** A model without a price is never run: that would charge it as zero. */
  not_priced: 503,
  /** The AI provider failed; the hold was released and nothing charged. */
  provider_error: 502,
  /** A rate limit, cooldown or conversation limit; `retry_after_s` says when to retry. */
  rate_limited: 429,
  /** A quota rule is used up for its window: the rule, what remains and when it resets. */
  quota_exceeded: 429,
  /** A `require_approval` quota is used up: an approval request was opened (or was rejected). */
  approval_required: 403,
  /** The rate limiter's store is down and it fails closed. */
  rate_limiter_unavailable: 503,
} as const

export type CreditErrorCode = keyof typeof CREDIT_ERROR_STATUS

const MEDUSA_TYPE_BY_STATUS: Record<number, string> = {
  400: MedusaError.Types.INVALID_DATA,
  402: MedusaError.Types.NOT_ALLOWED,
  403: MedusaError.Types.NOT_ALLOWED,
  404: MedusaError.Types.NOT_FOUND,
  409: MedusaError.Types.CONFLICT,
  429: MedusaError.Types.NOT_ALLOWED,
  502: MedusaError.Types.UNEXPECTED_STATE,
  503: MedusaError.Types.UNEXPECTED_STATE,
}

/**
 * A refusal from the credit ledger. It is a MedusaError (so Medusa's error handler and workflows
 * understand it) that also carries our own code, HTTP status and details for API responses.
 */
export class CreditError extends MedusaError {
  readonly status: number
  readonly details: Record<string, unknown>

  constructor(code: CreditErrorCode, message: string, details: Record<string, unknown> = {}) {
    const status = CREDIT_ERROR_STATUS[code] ?? 400
    super(MEDUSA_TYPE_BY_STATUS[status] ?? MedusaError.Types.INVALID_DATA, message, code)
    this.status = status
    this.details = details
  }

  /** The body our routes send: Medusa's error shape (`type`, `message`, `code`) plus details. */
  toJSON() {
    return { type: this.code, code: this.code, message: this.message, ...this.details }
  }
}

export function isCreditError(error: unknown): error is CreditError {
  return error instanceof CreditError
}
