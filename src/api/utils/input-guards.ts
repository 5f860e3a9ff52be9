import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MiddlewareRoute } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

const NUL = "\u0000"

/** Strings and keys anywhere in a parsed JSON body or query, without recursion (depth is the client's choice). */
function containsNul(root: unknown): boolean {
  const pending: unknown[] = [root]
  while (pending.length) {
    const value = pending.pop()
    if (typeof value === "string") {
      if (value.includes(NUL)) {
        return true
      }
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes(NUL)) {
          return true
        }
        pending.push(child)
      }
    }
  }
  return false
}

function decodesCleanly(path: string): boolean {
  try {
    return !decodeURIComponent(path).includes(NUL)
  } catch {
    return false
  }
}

/**
 * Refuses, before any route runs, what no validator can express and PostgreSQL cannot store: a
 * NUL character (in the path, the query or the body) and a path that is not valid percent-encoding.
 * Without it such input reaches the database and comes back as a 500.
 */
export function refuseUnstorableInput(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  // req.path is what is left after the matcher (app.use strips it): check the whole path.
  if (!decodesCleanly(req.originalUrl.split("?")[0])) {
    return next(new MedusaError(MedusaError.Types.INVALID_DATA, "The URL path is not valid percent-encoded UTF-8 text"))
  }
  if (containsNul(req.query) || containsNul(req.body)) {
    return next(new MedusaError(MedusaError.Types.INVALID_DATA, "Text must not contain the NUL character (\\u0000)"))
  }
  next()
}

/** Spread into src/api/middlewares.ts: every route of the plugin. */
export const inputGuardRoutes: MiddlewareRoute[] = [
  { matcher: "/store/ai-credits*", middlewares: [refuseUnstorableInput] },
  { matcher: "/admin/ai-credits*", middlewares: [refuseUnstorableInput] },
]
