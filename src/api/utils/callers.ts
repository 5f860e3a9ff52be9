import type { AuthenticatedMedusaRequest, MedusaStoreRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import proxyAddr from "proxy-addr"
import type { Caller } from "../../modules/ai-credits/policy"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import { AI_CREDITS_GATEWAY_MODULE } from "../../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../modules/ai-credits-gateway/service"
import { serverKeyOf } from "./server-api-keys"
import { VISITOR_ID_PATTERN, VISITOR_ID_RULE } from "./visitor-id"

/**
 * The client's address: `trusted_proxy_hops` (plugin option `rate_limits`) hops back along
 * `X-Forwarded-For` from the socket's address, the way Express computes `req.ip` for a number of
 * trusted proxies. Medusa trusts one hop; a server clients reach directly must trust none, or a
 * spoofed header picks a fresh address for every request.
 */
export function clientIp(req: MedusaStoreRequest): string | null {
  const gateway: AiCreditsGatewayModuleService = req.scope.resolve(AI_CREDITS_GATEWAY_MODULE)
  const hops = gateway.options.rate_limits.trusted_proxy_hops
  return proxyAddr(req, (_address, hop) => hop < hops) || null
}

/**
 * The caller of a store route: the sales channel of the publishable key, the logged-in customer
 * when there is one, and the widget's visitor id (body or `x-visitor-id` header) otherwise. A
 * visitor id that is not one (too long, other characters) is refused, never ignored: ignoring it
 * would make the caller someone else. With a server API key (`serverApiKeyAuth`), the key.
 */
export function storeCaller(req: MedusaStoreRequest, visitorId?: string | null): Caller {
  const apiKey = serverKeyOf(req)
  if (apiKey) {
    // A server API key speaks for itself: no customer session or visitor id changes who pays.
    return {
      api_key: apiKey,
      sales_channel_id: req.publishable_key_context?.sales_channel_ids?.[0] ?? null,
      publishable_key: req.publishable_key_context?.key ?? null,
      ip: clientIp(req),
    }
  }
  const auth = req.auth_context
  const customerId = auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
  // An empty header is no visitor id (clients that have none may send it so).
  const header = req.get("x-visitor-id") || undefined
  if (header !== undefined && !VISITOR_ID_PATTERN.test(header)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `The x-visitor-id header must be ${VISITOR_ID_RULE}`)
  }
  return {
    customer_id: customerId,
    visitor_id: visitorId ?? header ?? null,
    sales_channel_id: req.publishable_key_context?.sales_channel_ids?.[0] ?? null,
    publishable_key: req.publishable_key_context?.key ?? null,
    ip: clientIp(req),
  }
}

/** The caller of an admin route: the admin user. */
export function adminCaller(req: AuthenticatedMedusaRequest): Caller {
  return { user_id: req.auth_context.actor_id }
}
