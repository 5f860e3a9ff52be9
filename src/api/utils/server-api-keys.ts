import type { MedusaNextFunction, MedusaRequest, MedusaResponse, MedusaStoreRequest, MiddlewareRoute } from "@medusajs/framework/http"
import type { ServerKeyCaller } from "../../modules/ai-credits/policy"
import { SERVER_API_KEY_PREFIX } from "../../modules/ai-credits-governance/server-api-keys"
import { authenticateServerApiKey } from "../../workflows/api-keys"

/** The key each request was authenticated with (a WeakMap: nothing outlives the request). */
const keysOfRequests = new WeakMap<object, ServerKeyCaller>()

/** The server API key the request came with, once `serverApiKeyAuth` has checked it. */
export function serverKeyOf(req: MedusaRequest): ServerKeyCaller | null {
  return keysOfRequests.get(req) ?? null
}

function bearerServerKey(req: MedusaRequest): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")
  return match && match[1].startsWith(SERVER_API_KEY_PREFIX) ? match[1] : null
}

/**
 * `Authorization: Bearer aic_sk_…` on a store AI route: the key is checked against the database
 * (401 unknown, revoked or expired; 403 another storefront's) and becomes the caller. Medusa's
 * optional customer `authenticate` does not mind a bearer that is no JWT (it fails to verify and
 * the request goes on as a guest's), and `storeCaller` then ignores any customer session.
 */
export async function serverApiKeyAuth(
  req: MedusaRequest & Partial<Pick<MedusaStoreRequest, "publishable_key_context">>,
  _res: MedusaResponse, next: MedusaNextFunction) {
  const secret = bearerServerKey(req)
  if (!secret) {
    return next()
  }
  try {
    const key = await authenticateServerApiKey(req.scope, secret, req.publishable_key_context?.sales_channel_ids ?? [])
    keysOfRequests.set(req, key)
    next()
  } catch (error) {
    next(error)
  }
}

export const serverApiKeyRoutes: MiddlewareRoute[] = [{ matcher: "/store/ai-credits*", middlewares: [serverApiKeyAuth] }]
