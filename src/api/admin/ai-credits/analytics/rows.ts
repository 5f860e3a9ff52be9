import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { UsageRow } from "../../../../modules/ai-credits-analytics"
import type { CsvColumn } from "./csv"

/** A usage row with the names an admin recognises next to the ids. */
export type NamedUsageRow = UsageRow & {
  sales_channel_name?: string | null
  customer_email?: string | null
  customer_name?: string | null
}

const CHUNK = 500

/**
 * Adds sales channel names and customer emails and names to rows that carry their ids (read
 * through Query from the sales channel and customer modules). Unknown ids keep null names.
 */
export async function withNames(container: MedusaContainer, rows: UsageRow[]): Promise<NamedUsageRow[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const salesChannelIds = distinct(rows.map((r) => r.sales_channel_id))
  const customerIds = distinct(rows.map((r) => r.customer_id))
  const salesChannels = new Map<string, { name: string | null }>()
  const customers = new Map<string, { email: string | null; name: string | null }>()
  for (const ids of chunks(salesChannelIds)) {
    const { data } = await query.graph({ entity: "sales_channel", fields: ["id", "name"], filters: { id: ids } })
    for (const sc of data) {
      salesChannels.set(sc.id, { name: sc.name ?? null })
    }
  }
  for (const ids of chunks(customerIds)) {
    const { data } = await query.graph({
      entity: "customer",
      fields: ["id", "email", "first_name", "last_name", "company_name"],
      filters: { id: ids },
    })
    for (const c of data) {
      const name = [c.first_name, c.last_name].filter(Boolean).join(" ") || c.company_name || null
      customers.set(c.id, { email: c.email ?? null, name })
    }
  }
  return rows.map((row) => {
    const named: NamedUsageRow = { ...row }
    if ("sales_channel_id" in row) {
      named.sales_channel_name = row.sales_channel_id ? salesChannels.get(row.sales_channel_id)?.name ?? null : null
    }
    if ("customer_id" in row) {
      const customer = row.customer_id ? customers.get(row.customer_id) : undefined
      named.customer_email = customer?.email ?? null
      named.customer_name = customer?.name ?? null
    }
    return named
  })
}

/**
 * CSV columns for usage rows: the keys present in the rows, then every metric, with one
 * `provider_cost_<currency>` column per currency seen.
 */
export function usageCsvColumns(rows: NamedUsageRow[]): CsvColumn<NamedUsageRow>[] {
  const keys = [
    "bucket",
    "module",
    "provider",
    "model",
    "sales_channel_id",
    "sales_channel_name",
    "customer_id",
    "customer_email",
    "customer_name",
  ] as const
  const present = keys.filter((key) => rows.some((row) => key in row))
  const currencies = distinct(rows.flatMap((row) => Object.keys(row.provider_cost ?? {}))).sort()
  const metrics = [
    "requests",
    "refunded_requests",
    "input_tokens",
    "output_tokens",
    "images",
    "credits",
    "refunded_credits",
    "net_credits",
  ] as const
  return [
    ...present.map((key) => ({ header: key, value: (row: NamedUsageRow) => row[key] })),
    ...metrics.map((key) => ({ header: key, value: (row: NamedUsageRow) => row[key] })),
    ...currencies.map((currency) => ({
      header: `provider_cost_${currency}`,
      value: (row: NamedUsageRow) => row.provider_cost?.[currency] ?? "0",
    })),
  ]
}

function distinct(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === "string" && v.length > 0))]
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) {
    out.push(items.slice(i, i + CHUNK))
  }
  return out
}
