import type { AuthenticatedMedusaRequest, MedusaStoreRequest } from "@medusajs/framework/http"
import type { Caller } from "../../lib/metering"

/**
 * The caller of a store route: the sales channel of the publishable key, the logged-in customer
 * when there is one, and the widget's visitor id (body or `x-visitor-id` header) otherwise.
 */
export function storeCaller(req: MedusaStoreRequest, visitorId?: string | null): Caller {
  const auth = req.auth_context
  const customerId = auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
  const header = req.get("x-visitor-id")
  return {
    customer_id: customerId,
    visitor_id: visitorId ?? (header && header.length <= 128 ? header : null),
    sales_channel_id: req.publishable_key_context?.sales_channel_ids?.[0] ?? null,
    publishable_key: req.publishable_key_context?.key ?? null,
    ip: req.ip ?? null,
  }
}

/** The caller of an admin route: the admin user. */
export function adminCaller(req: AuthenticatedMedusaRequest): Caller {
  return { user_id: req.auth_context.actor_id }
}
