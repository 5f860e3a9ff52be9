import type { WalletOwnerType } from "../../client/enums"
export { ADJUSTMENT_GRANT_SOURCES, FALLBACK_TYPES, GRANT_PRIORITY, GRANT_SOURCES, WALLET_OWNER_TYPES } from "../../client/enums"
export type { AdjustmentGrantSource, FallbackType, GrantSource, WalletOwnerType } from "../../client/enums"

/** Paid credits carry revenue; promotional ones were given away. Promotional burns first. */
export const COST_BASES = ["paid", "promotional"] as const
export type CostBasis = (typeof COST_BASES)[number]

export const GRANT_STATUSES = ["active", "depleted", "expired", "revoked"] as const

export const LEDGER_ENTRY_TYPES = [
  "grant",
  "reserve",
  "capture",
  "release",
  "expire",
  "revoke",
  "adjust",
  "allocate",
  "transfer",
  "refund",
] as const
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number]

export const ACTOR_TYPES = ["customer", "user", "system", "webhook", "visitor"] as const
export type ActorType = (typeof ACTOR_TYPES)[number]

export const RESERVATION_STATUSES = ["held", "captured", "released", "expired"] as const
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number]

export type Actor = { type: ActorType; id?: string | null }

/** What a wallet can spend right now: expired grants and holds past their TTL never count. */
export type WalletBalance = {
  wallet_id: string
  owner_type?: WalletOwnerType
  owner_id?: string
  /** Credits in the wallet: unexpired grants' remaining minus overage used. */
  balance: number
  /** Credits held by open authorizations. */
  reserved: number
  /** balance - reserved: what a new authorization may take before overage. */
  available: number
  overage_limit: number
  overage_used: number
  /** What the wallet was charged this calendar month (store time zone), for its budget. */
  spent_this_month?: number
  /** What the providers charged for its requests this month (exact decimal, rate-card currency). */
  cost_this_month?: string
}

export type GrantShare = { grant_id: string; amount: number }

// ---- billing ----
export { CREDIT_PACKAGE_FILLS, CREDIT_PACKAGE_KINDS, type CreditPackageFills, type CreditPackageKind } from "../../client/enums"

/** The terms of a credit package an admin sets (and changes) for the variant that sells it. */
export const CREDIT_PACKAGE_TERMS = [
  "title",
  "credits",
  "kind",
  "validity_days",
  "fills",
  "modules",
  "is_active",
  "rank",
  "priority",
  "metadata",
] as const
