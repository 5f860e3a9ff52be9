import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AdminAlertOwner } from "../../../../client/types"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"

type Alert = { wallet_id: string | null; data: Record<string, unknown> | null }

/** Whom an alert is about before the names are read: a wallet owner, or a caller's scope. */
type OwnerRef = { type: AdminAlertOwner["type"]; id: string | null; wallet_name?: string | null; storefront?: string | null }

/**
 * A caller's scope as quota alerts keep it (`actorScopeOf`): `customer:<id>`, `user:<id>`,
 * `api_key:<id>`, `visitor:<publishable key>:<visitor>`, `guest:<publishable key>:<ip>`, perhaps
 * ending `#server-metered`.
 */
function parseSubject(subject: string): OwnerRef | null {
  const [kind, ...rest] = subject.replace(/#server-metered$/, "").split(":")
  const tail = rest.join(":")
  switch (kind) {
    case "customer":
    case "user":
    case "api_key":
      return { type: kind, id: tail }
    case "visitor":
    case "guest": {
      const storefront = rest[0] && rest[0] !== "none" ? rest[0] : null
      return { type: kind, id: kind === "visitor" ? rest.slice(1).join(":") || null : null, storefront }
    }
    default:
      return null
  }
}

const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))]

/**
 * Adds `owner` to each alert: the owner of its wallet, else the caller a quota refused, with the
 * names an admin recognises (read through Query from the customer, sales channel, API key and user
 * modules). An alert about neither (a model without a price) has `owner: null`.
 */
export async function withOwners<T extends Alert>(container: MedusaContainer, alerts: T[]): Promise<(T & { owner: AdminAlertOwner | null })[]> {
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)

  const walletIds = distinct(alerts.map((a) => a.wallet_id))
  const wallets = new Map(
    (walletIds.length ? await credits.listAiCreditWallets({ id: walletIds }, { select: ["id", "owner_type", "owner_id", "name"] }) : []).map(
      (w) => [w.id, w]
    )
  )
  const refs = alerts.map((alert): OwnerRef | null => {
    const wallet = alert.wallet_id ? wallets.get(alert.wallet_id) : undefined
    if (wallet) {
      return { type: wallet.owner_type, id: wallet.owner_id, wallet_name: wallet.name }
    }
    const subject = alert.data?.subject
    if (typeof subject === "string") {
      return parseSubject(subject)
    }
    const storefront = alert.data?.storefront
    return typeof storefront === "string" && storefront !== "unknown" ? { type: "visitor", id: null, storefront } : null
  })

  const idsOf = (type: string) => distinct(refs.map((r) => (r?.type === type ? r.id : null)))
  const customerIds = idsOf("customer")
  const userIds = idsOf("user")
  const groupIds = idsOf("customer_group")
  // A storefront is a sales channel (of a wallet, or a quota's) or a publishable key's token.
  const storefronts = distinct(refs.map((r) => r?.storefront))
  const keyTokens = storefronts.filter((s) => s.startsWith("pk_"))
  const channelIds = distinct([...idsOf("sales_channel"), ...storefronts.filter((s) => !s.startsWith("pk_"))])

  const graph = async <R>(entity: string, fields: string[], filters: Record<string, unknown>, ids: string[]) =>
    ids.length ? ((await query.graph({ entity, fields, filters })).data as R[]) : []
  const [customers, users, groups, channels, keys] = await Promise.all([
    graph<{ id: string; email: string | null; first_name: string | null; last_name: string | null; company_name: string | null; groups?: { name: string | null }[] }>(
      "customer",
      ["id", "email", "first_name", "last_name", "company_name", "groups.name"],
      { id: customerIds },
      customerIds
    ),
    graph<{ id: string; email: string }>("user", ["id", "email"], { id: userIds }, userIds),
    graph<{ id: string; name: string | null }>("customer_group", ["id", "name"], { id: groupIds }, groupIds),
    graph<{ id: string; name: string }>("sales_channel", ["id", "name"], { id: channelIds }, channelIds),
    graph<{ token: string; title: string; sales_channels?: { name: string }[] }>(
      "api_key",
      ["token", "title", "sales_channels.name"],
      { token: keyTokens },
      keyTokens
    ),
  ])
  const byId = <R extends { id: string }>(rows: R[]) => new Map(rows.map((r) => [r.id, r]))
  const customerById = byId(customers)
  const userById = byId(users)
  const groupById = byId(groups)
  const channelById = byId(channels)
  const keyByToken = new Map(keys.map((k) => [k.token, k]))
  const storefrontName = (storefront: string | null | undefined) => {
    if (!storefront) {
      return null
    }
    const key = keyByToken.get(storefront)
    return key
      ? (key.sales_channels ?? []).map((c) => c.name).join(", ") || key.title
      : (channelById.get(storefront)?.name ?? null)
  }

  return alerts.map((alert, i) => {
    const ref = refs[i]
    if (!ref) {
      return { ...alert, owner: null }
    }
    const owner: AdminAlertOwner = { type: ref.type, id: ref.id, name: ref.wallet_name ?? null, email: null, groups: [], storefront: storefrontName(ref.storefront) }
    const customer = ref.type === "customer" && ref.id ? customerById.get(ref.id) : undefined
    if (customer) {
      owner.name = [customer.first_name, customer.last_name].filter(Boolean).join(" ") || customer.company_name || owner.name
      owner.email = customer.email
      owner.groups = (customer.groups ?? []).flatMap((g) => (g.name ? [g.name] : []))
    } else if (ref.type === "customer_group" && ref.id) {
      owner.name = groupById.get(ref.id)?.name ?? owner.name
    } else if (ref.type === "sales_channel" && ref.id) {
      owner.storefront = channelById.get(ref.id)?.name ?? null
      owner.name = owner.storefront ?? owner.name
    } else if (ref.type === "user" && ref.id) {
      owner.email = userById.get(ref.id)?.email ?? null
      owner.name = owner.email
    } else if (ref.type === "store") {
      owner.name = owner.name ?? "Store default pool"
    }
    return { ...alert, owner }
  })
}
