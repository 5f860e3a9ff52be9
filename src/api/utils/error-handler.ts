import { errorHandler, type MedusaNextFunction, type MedusaRequest, type MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { OPENAI_PATH, sendOpenAiError } from "../store/ai-credits/v1/openai"

/** How long a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_S = 5

/**
 * PostgreSQL unreachable, restarting or shutting down: SQLSTATE class 08 (connection exception),
 * 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections),
 * socket errors, and the messages pg and knex use when a connection dies or none can be had.
 */
const UNAVAILABLE_SQLSTATE = /^(08\w{3}|57P0[123]|53300)$/
const UNAVAILABLE_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"])
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Connection ended unexpectedly|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Timeout acquiring a connection|connect ECONNREFUSED|Client has encountered a connection error/i

/** Whether an error (or what it wraps) says the database is unreachable, not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) {
    return false
  }
  const { code, message, cause, originalError } = error as Record<string, unknown>
  if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code))) {
    return true
  }
  if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) {
    return true
  }
  return isDatabaseUnavailable(cause, depth + 1) || isDatabaseUnavailable(originalError, depth + 1)
}

/**
 * A MedusaError of type CONFLICT with a message of its own (the plugin's refusals). Errors that
 * passed through a workflow are no longer class instances, so they are recognised by their fields.
 */
function isConflict(error: unknown): error is { message: string } {
  const { type, message } = (error ?? {}) as { type?: unknown; message?: unknown }
  return type === MedusaError.Types.CONFLICT && typeof message === "string" && message.length > 0
}

/** Express's own answer to a path that is not valid percent-encoding (a URIError with status 400). */
function isMalformedUrl(error: unknown): boolean {
  return error instanceof URIError && (error as URIError & { status?: number }).status === 400
}

/** body-parser's refusal of a body over its size limit (413, `type: "entity.too.large"`), and that limit. */
function oversizedBodyLimit(error: unknown): number | null {
  const { type, status, limit } = (error ?? {}) as { type?: unknown; status?: unknown; limit?: unknown }
  if (type !== "entity.too.large" || status !== 413) {
    return null
  }
  return typeof limit === "number" ? limit : 0
}

function describeBytes(bytes: number) {
  return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`
}

/**
 * The app's error handler: Medusa's own, with cases it answers too vaguely (a 500, an `unknown_error`) made explicit.
 *
 * - The database is unreachable (restarting, failed over, out of connections): 503
 *   `database_unavailable` with `Retry-After`, so clients and load balancers retry instead of
 *   treating it as a bug; requests succeed again by themselves once the pool reconnects.
 * - A path that is not valid percent-encoding: 400 `invalid_data` (Express decodes route
 *   parameters before any middleware can look at them).
 * - A body over the JSON parser's size limit: 413 (kept) with type `invalid_data` and a message,
 *   not Medusa's `unknown_error`.
 * - A conflict (`MedusaError.Types.CONFLICT`: a live subscription, a finished bulk job, a decided
 *   approval request, a plan code taken): 409 in Medusa's error shape with the error's own message;
 *   Medusa's handler replaces every conflict's message with "You may retry the request with the
 *   provided Idempotency-Key", which says nothing of what conflicted.
 *
 * Medusa uses the `errorHandler` of the last middlewares file it loads: an app that defines its
 * own replaces this one.
 */
export function aiCreditsErrorHandler() {
  const medusaErrorHandler = errorHandler()
  return (error: unknown, req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    if (OPENAI_PATH.test(req.originalUrl ?? req.path) && !isDatabaseUnavailable(error)) {
      // OpenAI's SDKs raise their typed errors only from OpenAI's error shape.
      return sendOpenAiError(error, req, res)
    }
    const bodyLimit = oversizedBodyLimit(error)
    if (bodyLimit !== null) {
      // Medusa's handler answers it as 413 `unknown_error`: say what is wrong in its error shape.
      const accepted = bodyLimit ? `the ${describeBytes(bodyLimit)} this route accepts` : "this route accepts"
      res.status(413).json({ type: "invalid_data", message: `The request body is larger than ${accepted}` })
      return
    }
    if (isMalformedUrl(error)) {
      res.status(400).json({ type: "invalid_data", message: "The URL path is not valid percent-encoded UTF-8 text" })
      return
    }
    if (isConflict(error)) {
      res.status(409).json({ code: "invalid_state_error", type: MedusaError.Types.CONFLICT, message: error.message })
      return
    }
    if (isDatabaseUnavailable(error)) {
      const logger = req.scope?.resolve(ContainerRegistrationKeys.LOGGER) ?? console
      logger.warn(`Database unavailable at ${req.method} ${req.path}: ${(error as Error).message}`)
      res.setHeader("Retry-After", String(DATABASE_RETRY_AFTER_S))
      res.status(503).json({
        type: "database_unavailable",
        message: "The database is unavailable for a moment; retry the request (with the same Idempotency-Key).",
        retry_after_s: DATABASE_RETRY_AFTER_S,
      })
      return
    }
    return medusaErrorHandler(error as Error, req, res, next)
  }
}
