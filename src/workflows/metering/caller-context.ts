import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AI_CREDITS_BILLING_MODULE } from "../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../modules/ai-credits-billing/service"
import type { Caller, CallerContext, SubscriptionStanding } from "../../modules/ai-credits/policy"
import { adminRolesOf } from "../governance"

// Customer groups and the store belong to Medusa's own modules, whose writes this plugin cannot
// hear synchronously: their caches live here, with the TTLs they always had.
const GROUPS_TTL_MS = 60_000
const customerGroupsCache = new Map<string, { groups: string[]; at: number }>()
let storeIdCache: string | null = null

/**
 * Everything the metering policy needs to know about the caller, read once per request and in
 * parallel: the customer's groups and subscription standing, the admin user's roles, the store.
 * The rest (sales channel, publishable key, ip, visitor) is on the caller already.
 */
export async function buildCallerContext(container: MedusaContainer, caller: Caller): Promise<CallerContext> {
  const [customer_group_ids, standing, admin_roles, store_id] = await Promise.all([
    caller.customer_id ? customerGroupIds(container, caller.customer_id) : [],
    caller.customer_id ? subscriptionStanding(container, caller.customer_id) : null,
    caller.user_id ? adminRolesOf(container, caller.user_id) : [],
    storeId(container),
  ])
  return { caller, customer_group_ids, standing, admin_roles, store_id }
}

/** The customer's live subscription in short (cached by the billing service); null without the billing module. */
function subscriptionStanding(container: MedusaContainer, customerId: string): Promise<SubscriptionStanding | null> | null {
  if (!container.hasRegistration(AI_CREDITS_BILLING_MODULE)) {
    return null
  }
  return container.resolve<AiCreditsBillingModuleService>(AI_CREDITS_BILLING_MODULE).subscriptionStanding(customerId)
}

async function customerGroupIds(container: MedusaContainer, customerId: string): Promise<string[]> {
  const cached = customerGroupsCache.get(customerId)
  if (cached && Date.now() - cached.at < GROUPS_TTL_MS) {
    return cached.groups
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id", "groups.id"], filters: { id: customerId } })
  const groups = ((data[0]?.groups ?? []) as ({ id: string } | null)[]).flatMap((g) => (g ? [g.id] : []))
  if (customerGroupsCache.size > 10_000) {
    customerGroupsCache.clear()
  }
  customerGroupsCache.set(customerId, { groups, at: Date.now() })
  return groups
}

async function storeId(container: MedusaContainer): Promise<string | null> {
  if (!storeIdCache) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "store", fields: ["id"], pagination: { take: 1 } })
    storeIdCache = (data[0]?.id as string | undefined) ?? null
  }
  return storeIdCache
}
