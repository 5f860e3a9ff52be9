/** Shapes of the plugin's admin API (`/admin/ai-credits/...`), as its routes return them. */

import {
  PRICE_RATE_FIELDS,
  WALLET_OWNER_TYPES,
  type AdjustmentGrantSource,
  type PriceRateField,
  type WalletOwnerType,
} from "../../client/enums"
import type { AdminAiModule, AdminAlertOwner } from "../../client/types"

export const OWNER_TYPES = WALLET_OWNER_TYPES
export type OwnerType = WalletOwnerType

/** The largest amount one operation may move (the API's MAX_CREDITS_PER_OPERATION). */
export const MAX_CREDITS_PER_OPERATION = 1_000_000_000

/** A decimal as the API sends it: a number, a string, or a BigNumber `{ value }` object. */
export type Decimal = number | string | { value?: string | number } | null

export type Wallet = {
  id: string
  owner_type: OwnerType
  owner_id: string
  name: string | null
  balance: number
  reserved: number
  available: number
  overage_limit: number
  overage_used: number
  max_hold_credits: number | null
  budget?: WalletBudget
  metadata?: Record<string, unknown> | null
  created_at: string
  updated_at?: string
}

/** A wallet's monthly budgets and alerts, as the API reports them. */
export type WalletBudget = {
  monthly_spend_cap: number | null
  monthly_cap_action: "block" | "notify"
  spent_this_month: number
  monthly_cost_cap: string | null
  cost_this_month: string
  alert_thresholds: number[]
  low_balance_threshold: number | null
}

export type Grant = {
  id: string
  source: string
  status: string
  amount: number
  remaining: number
  priority: number
  effective_at: string
  expires_at: string | null
  modules: string[] | null
  cost_basis: "paid" | "promotional"
  unit_price: Decimal
  currency_code: string | null
  reference_type: string | null
  reference_id: string | null
  parent_grant_id: string | null
  created_at: string
}

export type PoolMember = {
  id: string
  sales_channel_id: string
  allocation_cap: number | null
  allocated: number
}

export type WalletDetail = Wallet & { grants: Grant[]; pool_members: PoolMember[] }

export type LedgerEntry = {
  id: string
  wallet_id: string
  type: string
  amount: number
  reserved_delta: number
  balance_after: number
  reserved_after: number
  grant_id: string | null
  reservation_id: string | null
  related_wallet_id: string | null
  module: string | null
  actor_type: string
  actor_id: string | null
  reason: string
  created_at: string
}

export type UsageEvent = {
  id: string
  wallet_id: string
  module: string
  action: string | null
  provider: string | null
  model: string | null
  input_tokens: number
  output_tokens: number
  images: number
  requests: number
  credits: number
  requested_credits: number
  provider_cost: Decimal
  raw_provider_cost?: Decimal
  currency_code: string
  sales_channel_id: string | null
  customer_id: string | null
  visitor_id: string | null
  user_id: string | null
  cart_id: string | null
  status: "charged" | "refunded"
  refunded_credits: number
  refund_reason: string | null
  created_at: string
}

export { PRICE_RATE_FIELDS, type PriceRateField }

export type Price = {
  id: string
  provider: string
  model: string
  scope_type: "default" | "pool" | "plan"
  scope_id: string | null
  version: number
  currency_code: string
  superseded_at: string | null
  created_by: string | null
  created_at: string
} & Record<PriceRateField, Decimal> &
  Partial<Record<`raw_${PriceRateField}`, Decimal>>

export type CreditAlert = {
  id: string
  type: string
  severity: "info" | "warning" | "critical"
  message: string
  wallet_id: string | null
  status: "open" | "resolved"
  occurrences: number
  data: Record<string, unknown> | null
  resolved_at: string | null
  created_at: string
  updated_at: string
  /** Whom it is about (the alert list names them; other answers that embed alerts do not). */
  owner?: AdminAlertOwner | null
}

export type AiModule = AdminAiModule

export type Paginated = { count: number; offset: number; limit: number }

export type WalletListQuery = {
  owner_type?: OwnerType
  owner_id?: string
  sales_channel_id?: string
  limit?: number
  offset?: number
}
export type UsageListQuery = {
  wallet_id?: string
  customer_id?: string
  sales_channel_id?: string
  module?: string
  limit?: number
  offset?: number
}

export type AdjustmentInput = {
  owner_type: OwnerType
  owner_id: string
  amount: number
  reason: string
  expires_at?: string | null
  modules?: string[] | null
  /** A grant's priority: lower is spent first (default 50). */
  priority?: number
  source?: AdjustmentGrantSource
}

export type SetPriceInput = {
  provider: string
  model: string
  scope_type?: "default" | "pool"
  scope_id?: string
  currency_code?: string
} & Partial<Record<PriceRateField, string>>

const BASE = "/admin/ai-credits"

/** Drops empty filters, so that "all" never reaches the API as an empty string. */
export function cleanQuery<T extends Record<string, unknown>>(query: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== "")
  ) as Partial<T>
}

/** URL of an API path with its query, for plain links (CSV downloads use the session cookie). */
export function apiUrl(path: string, query: Record<string, unknown>) {
  const base = (import.meta.env.VITE_BACKEND_URL || "").replace(/\/$/, "")
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(cleanQuery(query))) {
    params.set(key, String(value))
  }
  const qs = params.toString()
  return `${base}${BASE}/${path}${qs ? `?${qs}` : ""}`
}

/** The status of a failed call (the js-sdk's FetchError carries it), or undefined. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}

/** A message for a person: the API's own `message` when it sent one. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) {
    // fetch() itself failed: no answer from the server at all.
    if (errorStatus(error) === undefined && /failed to fetch|networkerror|load failed/i.test(error.message)) {
      return "The server did not answer. Check that it is running, then try again."
    }
    return error.message
  }
  return "Something went wrong. Try again."
}

/** A fresh idempotency key for one logical write (reused when the same form is submitted twice). */
export function newIdempotencyKey(prefix: string) {
  const random =
    typeof crypto !== "undefined" && "randomUUID" in crypto
      ? crypto.randomUUID()
      : `${Date.now()}-${Math.random().toString(36).slice(2)}`
  return `${prefix}:${random}`
}
