import type { MedusaRequest, MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { CREDIT_ERROR_STATUS, CreditErrorCode } from "../../modules/ai-credits/errors"
import { MAX_IDEMPOTENCY_KEY_LENGTH, visibleRefusalDetails } from "../../modules/ai-credits/policy"
import type { RateLimitNote } from "../../workflows/metering"
import { storeCaller } from "./callers"

type Handler<Req extends MedusaRequest> = (req: Req, res: MedusaResponse) => Promise<void>

/**
 * Answers refusals from the credit ledger with their own status (402, 409, ...) and body:
 * Medusa's error shape (`type`, `message`) plus the details a client needs, e.g. `available`.
 * Anything else goes on to Medusa's error handler. Errors that passed through a workflow are
 * no longer class instances, so they are recognised by their code. A store caller sees a wallet's
 * balance in a refusal (402, 429, ...) only when it may see that wallet (`visibleBalance`).
 */
export function withCreditErrors<Req extends MedusaRequest>(handler: Handler<Req>): Handler<Req> {
  return async (req, res) => {
    try {
      await handler(req, res)
    } catch (error) {
      const code = (error as { code?: unknown })?.code
      if (typeof code === "string" && code in CREDIT_ERROR_STATUS) {
        const raw = (error as { details?: Record<string, unknown> }).details ?? {}
        // Store routes carry the publishable key's context; admin routes do not.
        const storeRequest = req as unknown as MedusaStoreRequest
        const details = storeRequest.publishable_key_context ? visibleRefusalDetails(storeCaller(storeRequest), raw) : raw
        if (typeof details.retry_after_s === "number") {
          res.setHeader("Retry-After", String(details.retry_after_s))
          // Browsers hide response headers from cross-origin widgets unless they are exposed.
          res.setHeader("Access-Control-Expose-Headers", "Retry-After")
        }
        res.status(CREDIT_ERROR_STATUS[code as CreditErrorCode]).json({
          type: code,
          message: (error as Error).message,
          ...details,
        })
        return
      }
      throw error
    }
  }
}

/** The Idempotency-Key header, when the client sent one; longer than 255 characters is a 400. */
export function idempotencyKeyHeader(req: MedusaRequest): string | undefined {
  const value = req.get("idempotency-key")?.trim()
  if (value && value.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The Idempotency-Key header must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`
    )
  }
  return value || undefined
}

/** Response header set when the rate limiter's Redis was down and the request passed anyway. */
export const RATE_LIMIT_DEGRADED_HEADER = "X-AI-Credits-Rate-Limit"

/**
 * Says in a header that rate limits were not checked (Redis down, `failure_mode: "open"`), so a
 * proxy, a log pipeline or the widget can see it without reading the body.
 */
export function noteRateLimit(res: MedusaResponse, note: RateLimitNote) {
  if (note?.degraded) {
    res.setHeader(RATE_LIMIT_DEGRADED_HEADER, `degraded; failure_mode=${note.failure_mode}`)
    res.setHeader("Access-Control-Expose-Headers", RATE_LIMIT_DEGRADED_HEADER)
  }
}
