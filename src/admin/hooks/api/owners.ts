import { useQuery } from "@tanstack/react-query"
import type { OwnerType } from "../../lib/api"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory } from "./query-keys"

export const ownersQueryKeys = queryKeysFactory("owners")

export type OwnerRef = { owner_type: OwnerType | string; owner_id: string; name?: string | null }

type Named = { id: string; label: string }

const uniq = (ids: (string | null | undefined)[]) => [...new Set(ids.filter((id): id is string => Boolean(id)))].sort()

function customerLabel(c: {
  id: string
  email?: string | null
  first_name?: string | null
  last_name?: string | null
  company_name?: string | null
}) {
  const name = [c.first_name, c.last_name].filter(Boolean).join(" ")
  return name ? `${name}${c.email ? ` (${c.email})` : ""}` : c.email || c.company_name || c.id
}

/** Names of customers, by id (one request for the whole page); with no ids, the newest customers (for pickers). */
export function useCustomerNames(ids?: (string | null | undefined)[]) {
  const list = ids ? uniq(ids) : []
  return useQuery({
    queryKey: ownersQueryKeys.detail("customer", { ids: ids ? list : ["*"] }),
    enabled: !ids || list.length > 0,
    staleTime: 60_000,
    queryFn: async (): Promise<Named[]> => {
      const { customers } = await sdk.admin.customer.list({
        ...(ids ? { id: list } : { order: "-created_at" }),
        limit: ids ? list.length : 200,
        fields: "id,email,first_name,last_name,company_name",
      })
      return customers.map((c) => ({ id: c.id, label: customerLabel(c) }))
    },
  })
}

type NameQuery = { id?: string[]; limit: number; fields: string }

/** Names of one kind of Medusa record by id; with no ids, every one of them (for pickers). */
function useNames(kind: string, ids: (string | null | undefined)[] | undefined, list: (query: NameQuery) => Promise<Named[]>) {
  const wanted = ids ? uniq(ids) : []
  return useQuery({
    queryKey: ownersQueryKeys.detail(kind, { ids: ids ? wanted : ["*"] }),
    enabled: !ids || wanted.length > 0,
    staleTime: 60_000,
    queryFn: () => list({ ...(ids ? { id: wanted } : {}), limit: ids ? wanted.length : 200, fields: "id,name" }),
  })
}

/** Names of sales channels (storefronts), by id; with no ids, every sales channel (for pickers). */
export const useSalesChannelNames = (ids?: (string | null | undefined)[]) =>
  useNames("sales_channel", ids, async (query) => {
    const { sales_channels } = await sdk.admin.salesChannel.list(query)
    return sales_channels.map((s) => ({ id: s.id, label: s.name }))
  })

/** Names of customer groups, by id; with no ids, every customer group (for pickers). */
export const useCustomerGroupNames = (ids?: (string | null | undefined)[]) =>
  useNames("customer_group", ids, async (query) => {
    const { customer_groups } = await sdk.admin.customerGroup.list(query)
    return customer_groups.map((g) => ({ id: g.id, label: g.name ?? g.id }))
  })

const toMap = (rows: Named[] | undefined) => new Map((rows ?? []).map((r) => [r.id, r.label]))

/**
 * Display names of wallet owners: customers, customer groups and storefronts by their Medusa
 * records; pools and the store by the wallet's own name. Falls back to the id while loading or
 * when the record is gone.
 */
export function useOwnerLabels(refs: OwnerRef[]) {
  const byType = (type: string) => refs.filter((r) => r.owner_type === type).map((r) => r.owner_id)
  const customers = useCustomerNames(byType("customer"))
  const groups = useCustomerGroupNames(byType("customer_group"))
  const channels = useSalesChannelNames(byType("sales_channel"))
  const maps = {
    customer: toMap(customers.data),
    customer_group: toMap(groups.data),
    sales_channel: toMap(channels.data),
  }
  return (ref: OwnerRef): string => {
    if (ref.name) {
      return ref.name
    }
    if (ref.owner_type === "store") {
      return "Store default pool"
    }
    const map = maps[ref.owner_type as keyof typeof maps]
    return map?.get(ref.owner_id) ?? ref.owner_id
  }
}

/** The store's id: the owner id of the store's default pool. */
export function useStoreId(options?: { enabled?: boolean }) {
  return useQuery({
    queryKey: ownersQueryKeys.detail("store"),
    staleTime: 5 * 60_000,
    ...options,
    queryFn: async () => {
      const { stores } = await sdk.admin.store.list({ fields: "id", limit: 1 })
      return stores[0]?.id ?? null
    },
  })
}
