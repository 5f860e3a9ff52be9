import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import {
  AI_CREDITS_ANALYTICS_MODULE,
  type AiCreditsAnalyticsModuleService,
  type OrderAttribution,
  type OrderForAttribution,
  type RoiSettingsValues,
  type UsageMetrics,
} from "../../../../../modules/ai-credits-analytics"

const PAGE = 1_000
const CHUNK = 500
/** Orders that never became revenue. */
const EXCLUDED_ORDER_STATUSES = ["canceled", "draft"]

export type ConversionStats = { carts: number; completed: number; conversion_rate: number | null }

export type RoiReport = {
  range: { from: string; to: string }
  /** The attribution rule, to show next to the numbers. */
  attribution: string
  settings: RoiSettingsValues
  /** Everything AI cost in the period. */
  spend: Pick<UsageMetrics, "requests" | "credits" | "refunded_credits" | "net_credits" | "provider_cost">
  /** Orders placed in the period, per currency. */
  revenue: OrderAttribution[]
  /** AI-assisted revenue per unit of provider cost, for currencies that have both. */
  return_on_provider_cost: { currency_code: string; ai_assisted_revenue: string; provider_cost: string; ratio: string }[]
  /** Carts created in the period: how many were completed, with and without AI. */
  carts: ConversionStats & { with_ai: ConversionStats; without_ai: ConversionStats }
  /** Work that generated items saved: items × minutes per item × hourly rate. */
  automation: {
    modules: string[]
    items: number
    minutes_saved_per_item: string
    hourly_rate: string
    currency_code: string
    hours_saved: string
    savings: string
  }
}

/**
 * The AI ROI report of a period. Orders and carts come from Medusa's order and cart modules
 * through Query; AI use and spend from the analytics module. Money stays exact decimal text.
 */
export async function buildRoiReport(container: MedusaContainer, range: { from: Date; to: Date }): Promise<RoiReport> {
  const analytics: AiCreditsAnalyticsModuleService = container.resolve(AI_CREDITS_ANALYTICS_MODULE)
  const { id: _id, ...settings } = await analytics.getRoiSettings()

  const spent = (await analytics.queryUsage({ ...range })).rows[0]
  const byModule = (await analytics.queryUsage({ ...range, group_by: ["module"] })).rows
  // Requests whose result was rejected produced nothing usable.
  const items = byModule
    .filter((row) => row.module && settings.automation_modules.includes(row.module))
    .reduce((sum, row) => sum + row.requests - row.refunded_requests, 0)
  const saved = await analytics.computeAutomationSavings(items, settings)

  const orders = await listOrders(container, range)
  const revenue = await analytics.attributeOrders(orders, settings.attribution_window_days)
  const returnOnCost = revenue.flatMap((r) => {
    const cost = spent.provider_cost[r.currency_code]
    if (!cost || MathBN.lte(cost, 0)) {
      return []
    }
    return [
      {
        currency_code: r.currency_code,
        ai_assisted_revenue: r.ai_assisted_revenue,
        provider_cost: cost,
        ratio: MathBN.div(r.ai_assisted_revenue, cost).decimalPlaces(2).toFixed(),
      },
    ]
  })

  return {
    range: { from: range.from.toISOString(), to: range.to.toISOString() },
    attribution: attributionRule(settings),
    settings,
    spend: {
      requests: spent.requests,
      credits: spent.credits,
      refunded_credits: spent.refunded_credits,
      net_credits: spent.net_credits,
      provider_cost: spent.provider_cost,
    },
    revenue,
    return_on_provider_cost: returnOnCost,
    carts: await cartConversion(container, analytics, range),
    automation: {
      modules: settings.automation_modules,
      items,
      minutes_saved_per_item: settings.minutes_saved_per_item,
      hourly_rate: settings.hourly_rate,
      currency_code: settings.currency_code,
      hours_saved: saved.hours_saved,
      savings: saved.savings,
    },
  }
}

/** The rule the numbers follow, in words, for the screen. */
export function attributionRule(settings: Pick<RoiSettingsValues, "attribution_window_days" | "automation_modules">) {
  const window = settings.attribution_window_days
  return (
    `An order counts as AI-assisted when its cart had at least one metered AI request before the order was placed, ` +
    `or its customer made one in the ${window} day${window === 1 ? "" : "s"} before it. ` +
    `Each order counts once, at its total (taxes and shipping included) in its own currency; canceled and draft ` +
    `orders are left out. Carts are those created in the period; a cart "used AI" when it had a metered request. ` +
    `Spend is every AI request of the period. Savings count the requests of ` +
    `${settings.automation_modules.length ? settings.automation_modules.join(", ") : "no module"} ` +
    `(rejected results excluded) as generated items.`
  )
}

/** Orders placed in the range, with their cart (link `order_cart`) and total as exact text. */
async function listOrders(container: MedusaContainer, range: { from: Date; to: Date }): Promise<OrderForAttribution[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const orders: OrderForAttribution[] = []
  for (let skip = 0; ; skip += PAGE) {
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "customer_id", "currency_code", "created_at", "status", "total", "raw_total", "cart.id"],
      filters: { created_at: { $gte: range.from, $lt: range.to }, status: { $nin: EXCLUDED_ORDER_STATUSES } },
      pagination: { skip, take: PAGE, order: { created_at: "ASC", id: "ASC" } },
    })
    for (const order of data) {
      orders.push({
        id: order.id,
        cart_id: order.cart?.id ?? null,
        customer_id: order.customer_id ?? null,
        created_at: new Date(order.created_at as string | Date).toISOString(),
        currency_code: order.currency_code,
        // raw_total is the exact amount; total may be a float.
        total: decimalText(order.raw_total ?? order.total),
      })
    }
    if (data.length < PAGE) {
      return orders
    }
  }
}

/** Carts created in the range: all, completed, and split by whether they used AI. */
async function cartConversion(
  container: MedusaContainer,
  analytics: AiCreditsAnalyticsModuleService,
  range: { from: Date; to: Date }
): Promise<RoiReport["carts"]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const created = { $gte: range.from, $lt: range.to }
  const count = async (filters: Record<string, unknown>) => {
    const { metadata } = await query.graph({ entity: "cart", fields: ["id"], filters, pagination: { skip: 0, take: 1 } })
    return metadata?.count ?? 0
  }
  const carts = await count({ created_at: created })
  const completed = await count({ created_at: created, completed_at: { $ne: null } })

  // A cart created in the range used AI at or after its creation, so after `from`.
  const usedAi = await analytics.listCartsUsingAi(range.from)
  let aiCarts = 0
  let aiCompleted = 0
  for (let i = 0; i < usedAi.length; i += CHUNK) {
    const { data } = await query.graph({
      entity: "cart",
      fields: ["id", "completed_at"],
      filters: { id: usedAi.slice(i, i + CHUNK), created_at: created },
    })
    aiCarts += data.length
    aiCompleted += data.filter((cart) => cart.completed_at).length
  }
  return {
    ...stats(carts, completed),
    with_ai: stats(aiCarts, aiCompleted),
    without_ai: stats(carts - aiCarts, completed - aiCompleted),
  }
}

function stats(carts: number, completed: number): ConversionStats {
  return { carts, completed, conversion_rate: carts ? Math.round((completed / carts) * 10_000) / 10_000 : null }
}

/** A Medusa amount (BigNumber, its raw `{ value }`, a string or a number) as exact decimal text. */
function decimalText(value: unknown): string {
  if (value === null || value === undefined) {
    return "0"
  }
  if (typeof value === "object") {
    const raw = (value as { raw?: { value?: unknown } }).raw?.value ?? (value as { value?: unknown }).value
    if (raw !== undefined && raw !== null) {
      return String(raw)
    }
  }
  return MathBN.convert(value as string | number).toFixed()
}
