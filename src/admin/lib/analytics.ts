/**
 * Reading the analytics API (`/admin/ai-credits/analytics/...`) into what the overview draws.
 * The readers accept the documented shapes and tolerate missing parts (a section the API does
 * not send is shown as "no data", never as a crash).
 */

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v)

/** A number from a number, a numeric string or a BigNumber-like `{ value }`. */
export function num(v: unknown): number {
  if (typeof v === "number") {
    return Number.isFinite(v) ? v : 0
  }
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v)
    return Number.isFinite(n) ? n : 0
  }
  if (isObject(v) && "value" in v) {
    return num(v.value)
  }
  return 0
}

function first(obj: Json | undefined, keys: string[]): unknown {
  if (!obj) {
    return undefined
  }
  for (const key of keys) {
    if (obj[key] !== undefined && obj[key] !== null) {
      return obj[key]
    }
  }
  return undefined
}

const firstNum = (obj: Json | undefined, keys: string[]) => num(first(obj, keys))

/**
 * Money as the analytics API sends it: exact decimal text per currency (`{ "usd": "12.34" }`), or
 * a plain amount. Returns the amount of the main currency (the largest) and its code.
 */
export function money(v: unknown, fallbackCurrency = "usd"): { amount: number; currency_code: string; others: number } {
  if (isObject(v) && !("value" in v)) {
    const entries = Object.entries(v)
      .map(([code, amount]) => [code, num(amount)] as const)
      .sort((a, b) => b[1] - a[1])
    if (!entries.length) {
      return { amount: 0, currency_code: fallbackCurrency, others: 0 }
    }
    return { amount: entries[0][1], currency_code: entries[0][0], others: entries.length - 1 }
  }
  return { amount: num(v), currency_code: fallbackCurrency, others: 0 }
}
const firstMoney = (obj: Json | undefined, keys: string[], fallbackCurrency?: string) =>
  money(first(obj, keys), fallbackCurrency)
const firstStr = (obj: Json | undefined, keys: string[]) => {
  const v = first(obj, keys)
  return typeof v === "string" ? v : v === undefined ? undefined : String(v)
}
const firstArray = (obj: Json | undefined, keys: string[]): Json[] => {
  const v = first(obj, keys)
  return Array.isArray(v) ? v.filter(isObject) : []
}

/** `{ overview: {...} }` or the object itself. */
const unwrap = (body: unknown, key: string): Json | undefined => {
  if (!isObject(body)) {
    return undefined
  }
  return isObject(body[key]) ? (body[key] as Json) : body
}

export type Totals = {
  requests: number
  input_tokens: number
  output_tokens: number
  credits: number
  provider_cost: number
  currency_code: string
}

export type Slice = { key: string; label?: string; credits: number; requests: number; provider_cost: number }

export type SeriesPoint = { bucket: string; values: Record<string, number> }

export type Overview = {
  totals: Totals
  currency_code: string
  byModule: Slice[]
  byProvider: Slice[]
  topCustomers: Slice[]
  topSalesChannels: Slice[]
  series: SeriesPoint[]
  seriesKeys: string[]
  /** Refunded credits in the period (already left out of `totals.credits`). */
  refundedCredits: number
  /** How far the analytics roll-up has processed usage (null when the API does not say). */
  rolledUpTo: string | null
  /** Provider cost was spent in more than one currency: the figure shown is the main one. */
  otherCurrencies: number
}

const COST_KEYS = ["provider_cost", "cost", "provider_cost_amount"]
/** Credits used: net of refunds when the API says so. */
const CREDIT_KEYS = ["net_credits", "credits", "total_credits", "credits_charged"]

/** A customer as admins recognise them: "Ada Lovelace (ada@example.com)", or whichever of the two is known. */
function customerLabel(row: Json): string | undefined {
  const name = firstStr(row, ["customer_name"])
  const email = firstStr(row, ["customer_email"])
  return name && email ? `${name} (${email})` : (name ?? email)
}

function slices(rows: Json[], idKeys: string[], labelOf?: (row: Json) => string | undefined): Slice[] {
  return rows
    .map((row) => ({
      key: firstStr(row, idKeys) ?? "unknown",
      label: labelOf?.(row) ?? firstStr(row, ["label", "name", "sales_channel_name", "customer_name", "customer_email", "title"]),
      credits: firstNum(row, CREDIT_KEYS),
      requests: firstNum(row, ["requests", "request_count", "count", "events"]),
      provider_cost: firstMoney(row, COST_KEYS).amount,
    }))
    .sort((a, b) => b.credits - a.credits)
}

const BUCKET_KEYS = ["bucket", "period", "date", "time", "day", "t", "start"]
const WIDE_KEYS = ["by_module", "modules", "values", "groups"]

/** A time series of credits by module, from rows `{ bucket, module, credits }` or `{ bucket, by_module: { search: 12 } }`. */
function series(rows: Json[], buckets: string[]): { points: SeriesPoint[]; keys: string[] } {
  const points = new Map<string, Record<string, number>>()
  const keys = new Set<string>()
  // Every bucket of the range, so that days without usage show as gaps, not as missing days.
  for (const bucket of buckets) {
    points.set(bucket, {})
  }
  for (const row of rows) {
    const bucket = firstStr(row, BUCKET_KEYS)
    if (!bucket) {
      continue
    }
    const values = points.get(bucket) ?? {}
    points.set(bucket, values)
    const wide = first(row, WIDE_KEYS)
    if (isObject(wide)) {
      for (const [key, value] of Object.entries(wide)) {
        const credits = isObject(value) ? firstNum(value, CREDIT_KEYS) : num(value)
        values[key] = (values[key] ?? 0) + credits
        keys.add(key)
      }
      continue
    }
    if (Array.isArray(wide)) {
      for (const item of wide.filter(isObject)) {
        const key = firstStr(item, ["module", "key", "group", "id"]) ?? "other"
        values[key] = (values[key] ?? 0) + firstNum(item, CREDIT_KEYS)
        keys.add(key)
      }
      continue
    }
    const key = firstStr(row, ["module", "key", "group"]) ?? "all"
    values[key] = (values[key] ?? 0) + firstNum(row, CREDIT_KEYS)
    keys.add(key)
  }
  const time = (b: string) => {
    const t = Date.parse(b)
    return Number.isNaN(t) ? 0 : t
  }
  const sorted = [...points.entries()]
    .sort(([a], [b]) => time(a) - time(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([bucket, values]) => ({ bucket, values }))
  const totals = new Map<string, number>()
  for (const p of sorted) {
    for (const [k, v] of Object.entries(p.values)) {
      totals.set(k, (totals.get(k) ?? 0) + v)
    }
  }
  return { points: sorted, keys: [...keys].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0)) }
}

export function readOverview(body: unknown): Overview {
  const root = unwrap(body, "overview") ?? {}
  const totalsObj = (first(root, ["totals", "summary", "total"]) as Json | undefined) ?? root
  const cost = firstMoney(
    totalsObj,
    COST_KEYS,
    firstStr(totalsObj, ["currency_code", "currency"]) ?? firstStr(root, ["currency_code"]) ?? "usd"
  )
  const currency = cost.currency_code
  const buckets = (Array.isArray(root.buckets) ? root.buckets : []).filter((b): b is string => typeof b === "string")
  const byModule = slices(firstArray(root, ["by_module", "modules", "module_breakdown"]), ["module", "key", "id"])
  const { points, keys } = series(
    firstArray(root, ["consumption", "series", "over_time", "timeseries", "consumption_over_time", "usage_over_time"]),
    buckets
  )
  const totals: Totals = {
    requests: firstNum(totalsObj, ["requests", "request_count", "events"]),
    input_tokens: firstNum(totalsObj, ["input_tokens"]),
    output_tokens: firstNum(totalsObj, ["output_tokens"]),
    credits: firstNum(totalsObj, CREDIT_KEYS),
    provider_cost: cost.amount,
    currency_code: currency,
  }
  return {
    totals,
    currency_code: currency,
    byModule,
    byProvider: slices(firstArray(root, ["by_provider", "provider_split", "providers"]), ["provider", "key", "id"]),
    topCustomers: slices(firstArray(root, ["top_customers", "customers"]), ["customer_id", "id", "key"], customerLabel),
    topSalesChannels: slices(
      firstArray(root, ["top_sales_channels", "top_storefronts", "sales_channels", "storefronts"]),
      ["sales_channel_id", "id", "key"]
    ),
    series: points,
    seriesKeys: keys,
    refundedCredits: firstNum(totalsObj, ["refunded_credits"]),
    rolledUpTo: firstStr(root, ["rolled_up_to"]) ?? null,
    otherCurrencies: cost.others,
  }
}

export type RoiCurrency = {
  currency_code: string
  orders: number
  revenue: number
  ai_orders: number
  ai_revenue: number
  by_cart: number
  by_customer: number
}

export type ConversionSide = { carts: number; completed: number; rate: number | null }

export type RoiSettings = {
  minutes_saved_per_item: string
  hourly_rate: string
  currency_code: string
  automation_modules: string[]
  attribution_window_days: number
}

export type Roi = {
  attributionRule: string | undefined
  /** The currency shown: the one with the most AI-assisted revenue (or the settings' currency). */
  main: RoiCurrency | undefined
  otherCurrencies: number
  credits: number
  requests: number
  provider_cost: number
  provider_cost_currency: string
  /** AI-assisted revenue ÷ provider cost in the main currency, as the API computed it. */
  ratio: number | undefined
  carts: ConversionSide | undefined
  withAi: ConversionSide | undefined
  withoutAi: ConversionSide | undefined
  automation:
    | {
        items: number
        minutes_saved_per_item: number
        hourly_rate: number
        currency_code: string
        hours_saved: number
        savings: number
        modules: string[]
      }
    | undefined
  settings: RoiSettings | undefined
}

function conversion(v: unknown): ConversionSide | undefined {
  if (!isObject(v)) {
    return undefined
  }
  const carts = firstNum(v, ["carts"])
  const completed = firstNum(v, ["completed", "orders"])
  const raw = first(v, ["conversion_rate", "rate"])
  return { carts, completed, rate: raw === undefined ? (carts ? completed / carts : null) : num(raw) }
}

/** Reads `GET /admin/ai-credits/analytics/roi` (money as exact decimal text, per currency). */
export function readRoi(body: unknown): Roi {
  const root = unwrap(body, "roi") ?? {}
  const attribution = first(root, ["attribution", "attribution_rule"])
  const settingsObj = isObject(root.settings) ? root.settings : undefined
  const settings: RoiSettings | undefined = settingsObj
    ? {
        minutes_saved_per_item: firstStr(settingsObj, ["minutes_saved_per_item"]) ?? "0",
        hourly_rate: firstStr(settingsObj, ["hourly_rate"]) ?? "0",
        currency_code: firstStr(settingsObj, ["currency_code"]) ?? "usd",
        automation_modules: Array.isArray(settingsObj.automation_modules)
          ? settingsObj.automation_modules.map(String)
          : [],
        attribution_window_days: firstNum(settingsObj, ["attribution_window_days"]),
      }
    : undefined
  const revenue = firstArray(root, ["revenue"])
    .map(
      (r): RoiCurrency => ({
        currency_code: firstStr(r, ["currency_code"]) ?? "usd",
        orders: firstNum(r, ["orders"]),
        revenue: firstNum(r, ["revenue"]),
        ai_orders: firstNum(r, ["ai_assisted_orders"]),
        ai_revenue: firstNum(r, ["ai_assisted_revenue"]),
        by_cart: firstNum(r, ["by_cart"]),
        by_customer: firstNum(r, ["by_customer"]),
      })
    )
    .sort((a, b) => b.ai_revenue - a.ai_revenue || b.revenue - a.revenue)
  const preferred = settings ? revenue.find((r) => r.currency_code === settings.currency_code && r.orders > 0) : undefined
  const main = revenue.length ? (revenue[0].ai_revenue > 0 ? revenue[0] : (preferred ?? revenue[0])) : undefined
  const spend = isObject(root.spend) ? root.spend : undefined
  const cost = firstMoney(spend, COST_KEYS, main?.currency_code ?? settings?.currency_code ?? "usd")
  const costByCurrency = isObject(spend?.provider_cost) ? (spend?.provider_cost as Json) : undefined
  const ratioRow = firstArray(root, ["return_on_provider_cost"]).find(
    (r) => firstStr(r, ["currency_code"]) === main?.currency_code
  )
  const carts = isObject(root.carts) ? root.carts : undefined
  const automation = isObject(root.automation) ? root.automation : undefined
  return {
    attributionRule: typeof attribution === "string" ? attribution : undefined,
    main,
    otherCurrencies: Math.max(0, revenue.filter((r) => r.orders > 0).length - 1),
    credits: firstNum(spend, CREDIT_KEYS),
    requests: firstNum(spend, ["requests"]),
    provider_cost: main && costByCurrency && main.currency_code in costByCurrency ? num(costByCurrency[main.currency_code]) : cost.amount,
    provider_cost_currency: main && costByCurrency && main.currency_code in costByCurrency ? main.currency_code : cost.currency_code,
    ratio: ratioRow ? num(ratioRow.ratio) : undefined,
    carts: conversion(carts),
    withAi: conversion(carts?.with_ai),
    withoutAi: conversion(carts?.without_ai),
    automation: automation
      ? {
          items: firstNum(automation, ["items"]),
          minutes_saved_per_item: firstNum(automation, ["minutes_saved_per_item"]),
          hourly_rate: firstNum(automation, ["hourly_rate"]),
          currency_code: firstStr(automation, ["currency_code"]) ?? "usd",
          hours_saved: firstNum(automation, ["hours_saved"]),
          savings: firstNum(automation, ["savings"]),
          modules: Array.isArray(automation.modules) ? automation.modules.map(String) : [],
        }
      : undefined,
    settings,
  }
}

/** The period the overview shows. */
export type PeriodKey = "month" | "7d" | "30d" | "90d"

export const PERIODS: { key: PeriodKey; label: string }[] = [
  { key: "month", label: "This month" },
  { key: "7d", label: "Last 7 days" },
  { key: "30d", label: "Last 30 days" },
  { key: "90d", label: "Last 90 days" },
]

/** The period as [from, to) ISO instants; `to` is rounded up to the next hour so the query key stays stable. */
export function periodRange(
  key: PeriodKey,
  now = new Date()
): { from: string; to: string; granularity: "day" | "hour"; tz: string } {
  const to = new Date(now)
  to.setUTCMinutes(0, 0, 0)
  to.setTime(to.getTime() + 3_600_000)
  let from: Date
  if (key === "month") {
    from = new Date(now.getFullYear(), now.getMonth(), 1)
  } else {
    const days = key === "7d" ? 7 : key === "30d" ? 30 : 90
    from = new Date(to.getTime() - days * 86_400_000)
    from.setHours(0, 0, 0, 0)
  }
  // The API takes whole hours (a half-hour time zone's midnight is not one in UTC).
  from.setUTCMinutes(0, 0, 0)
  return { from: from.toISOString(), to: to.toISOString(), granularity: "day", tz: browserTimeZone() }
}

/** The admin's time zone, so that days on the charts are the admin's days. */
export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"
  } catch {
    return "UTC"
  }
}
