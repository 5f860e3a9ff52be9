import type { Dimension, Granularity, UsageFilters } from "./sql"

export type { Dimension, Granularity, UsageFilters }

/** Exact decimal amounts per currency code, e.g. `{ "usd": "12.3405" }`. */
export type MoneyByCurrency = Record<string, string>

/** What every analytics row sums. Credits, tokens and counts are integers; money is exact decimal text. */
export type UsageMetrics = {
  /** Metered AI requests (usage events). */
  requests: number
  /** Requests whose result was rejected and whose credits were given back. */
  refunded_requests: number
  images: number
  input_tokens: number
  output_tokens: number
  /** Credits charged. */
  credits: number
  /** Credits given back for rejected results. */
  refunded_credits: number
  /** credits - refunded_credits. */
  net_credits: number
  /** What the providers charged the merchant, per currency (refunded requests included: the provider was paid). */
  provider_cost: MoneyByCurrency
}

export type UsageRow = UsageMetrics & {
  /** Start of the bucket (UTC ISO instant), when the query has a granularity. */
  bucket?: string
  module?: string
  provider?: string | null
  model?: string | null
  sales_channel_id?: string | null
  customer_id?: string | null
}

export type TimeRange = {
  /** Inclusive, a whole hour. */
  from: Date
  /** Exclusive, a whole hour. */
  to: Date
}

export type UsageQueryInput = TimeRange & {
  granularity?: Granularity
  /** IANA time zone of the buckets (default UTC). */
  time_zone?: string
  group_by?: Dimension[]
  filters?: UsageFilters
  /** With group_by: only the groups with the most credits over the range. */
  limit?: number
}

export type UsageQueryResult = {
  rows: UsageRow[]
  /** Every bucket start of the range (when there is a granularity), for charts without gaps. */
  buckets: string[]
  /** The roll-up watermark the answer was combined at (null before the first roll-up). */
  rolled_up_to: string | null
}

export type OverviewInput = TimeRange & {
  granularity?: Granularity
  time_zone?: string
  sales_channel_id?: string
  /** How many customers and storefronts to rank (default 10). */
  limit?: number
}

export type OverviewResult = {
  totals: UsageMetrics
  by_module: UsageRow[]
  by_provider: UsageRow[]
  by_model: UsageRow[]
  top_customers: UsageRow[]
  top_sales_channels: UsageRow[]
  /** Consumption over time, one row per bucket and module (stack by module). */
  series: UsageRow[]
  buckets: string[]
  rolled_up_to: string | null
}

export type RollUpInput = {
  /** Longest stretch of time one batch (one transaction) covers. Default 24 hours. */
  max_window_hours?: number
  /** Stop starting batches after this long. Default 50 s (the job runs every minute). */
  time_budget_ms?: number
  /** How far behind the oldest open transaction the watermark stays. Default 2000 ms. */
  safety_margin_ms?: number
}

export type RollUpResult = {
  /** Another roll-up was running: this one did nothing. */
  skipped: boolean
  batches: number
  events: number
  refunds: number
  rolled_up_to: string | null
  /** The watermark reached the horizon (nothing older is left to roll up). */
  caught_up: boolean
}

export type RollupStatus = {
  rolled_up_to: string | null
  last_run_at: string | null
  last_run_events: number
  last_run_refunds: number
  /** Seconds between now and the watermark. */
  lag_seconds: number | null
}

export type RoiSettingsValues = {
  minutes_saved_per_item: string
  hourly_rate: string
  currency_code: string
  automation_modules: string[]
  attribution_window_days: number
}

export type RoiSettingsUpdate = Partial<{
  minutes_saved_per_item: string | number
  hourly_rate: string | number
  currency_code: string
  automation_modules: string[]
  attribution_window_days: number
}>

/** An order as the ROI report needs it; money as decimal text. */
export type OrderForAttribution = {
  id: string
  cart_id: string | null
  customer_id: string | null
  created_at: string
  currency_code: string
  total: string
}

export type OrderAttribution = {
  currency_code: string
  orders: number
  revenue: string
  ai_assisted_orders: number
  ai_assisted_revenue: string
  /** Of the AI-assisted orders: by their cart's AI use, and by the customer's only. */
  by_cart: number
  by_customer: number
}
