import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/** Deeper JSON than any route accepts; Medusa's validation error messages overflow the stack on much deeper values. */
export const MAX_INPUT_DEPTH = 32

/** A NUL character or a lone UTF-16 surrogate: text PostgreSQL refuses in text and jsonb. */
const UNSTORABLE_TEXT = /\u0000|\p{Cs}/u

const UNSTORABLE_TEXT_MESSAGE =
  "Text must be valid Unicode without the NUL character: no \\u0000 and no lone UTF-16 surrogate (such as \\ud800)"

/** Why a parsed JSON body or query cannot be accepted, or undefined; without recursion (depth is the client's choice). */
function unstorableInput(root: unknown): string | undefined {
  const pending: [unknown, number][] = [[root, 0]]
  while (pending.length) {
    const [value, depth] = pending.pop()!
    if (typeof value === "string") {
      if (UNSTORABLE_TEXT.test(value)) {
        return UNSTORABLE_TEXT_MESSAGE
      }
    } else if (value && typeof value === "object") {
      if (depth >= MAX_INPUT_DEPTH) {
        return `JSON must not be nested more than ${MAX_INPUT_DEPTH} levels deep`
      }
      for (const [key, child] of Object.entries(value)) {
        if (UNSTORABLE_TEXT.test(key)) {
          return UNSTORABLE_TEXT_MESSAGE
        }
        pending.push([child, depth + 1])
      }
    }
  }
  return undefined
}

function decodesCleanly(path: string): boolean {
  try {
    return !decodeURIComponent(path).includes("\u0000")
  } catch {
    return false
  }
}

/**
 * Refuses, before any route runs, what no validator can express and PostgreSQL cannot store, in
 * every string and key of the path, the query and the body: a NUL character, a lone UTF-16
 * surrogate, a path that is not valid percent-encoding; also JSON nested deeper than any route
 * takes and query keys deeper than Medusa's query parser takes. Without it such input comes back
 * as a 500 (from PostgreSQL, or from Medusa's validation).
 */
export function refuseUnstorableInput(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  // req.path is what is left after the matcher (app.use strips it): check the whole path.
  if (!decodesCleanly(req.originalUrl.split("?")[0])) {
    return next(new MedusaError(MedusaError.Types.INVALID_DATA, "The URL path is not valid percent-encoded UTF-8 text"))
  }
  const problem = unstorableInput(req.query) ?? unstorableInput(req.body)
  if (problem) {
    return next(new MedusaError(MedusaError.Types.INVALID_DATA, problem))
  }
  // Medusa's query validation answers a key nested deeper than `a.b` with a 500.
  const deepKey = Object.keys(req.query ?? {}).find((key) => key.split(".").length > 2)
  if (deepKey) {
    return next(new MedusaError(MedusaError.Types.INVALID_DATA, `Query keys nest at most two levels (a.b): ${deepKey.slice(0, 100)}`))
  }
  next()
}

/** Spread into src/api/middlewares.ts: every route of the plugin. */
export const inputGuardRoutes: MiddlewareRoute[] = [
  { matcher: "/store/ai-credits*", middlewares: [refuseUnstorableInput] },
  { matcher: "/admin/ai-credits*", middlewares: [refuseUnstorableInput] },
]
