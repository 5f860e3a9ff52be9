import type { WalletBalance } from "../../modules/ai-credits/types"

type WalletRecord = {
  id: string
  owner_type: string
  owner_id: string
  name?: string | null
  max_hold_credits?: number | null
  monthly_spend_cap?: number | null
  monthly_cost_cap?: unknown
  monthly_cap_action?: string
  month_start?: Date | string | null
  month_spent?: number
  alert_thresholds?: unknown
  low_balance_threshold?: number | null
  metadata?: Record<string, unknown> | null
  created_at?: Date | string
  updated_at?: Date | string
}

/**
 * A wallet as the API shows it: the stored record with the balance as of now (expired grants and
 * timed-out holds never count), whatever the expiry job has or has not processed yet.
 */
export function serializeWallet(wallet: WalletRecord, balance: WalletBalance | undefined) {
  return {
    id: wallet.id,
    owner_type: wallet.owner_type,
    owner_id: wallet.owner_id,
    name: wallet.name ?? null,
    balance: balance?.balance ?? 0,
    reserved: balance?.reserved ?? 0,
    available: balance?.available ?? 0,
    overage_limit: balance?.overage_limit ?? 0,
    overage_used: balance?.overage_used ?? 0,
    max_hold_credits: wallet.max_hold_credits ?? null,
    budget: {
      monthly_spend_cap: wallet.monthly_spend_cap ?? null,
      monthly_cap_action: wallet.monthly_cap_action ?? "block",
      spent_this_month: balance?.spent_this_month ?? 0,
      monthly_cost_cap: wallet.monthly_cost_cap == null ? null : String(wallet.monthly_cost_cap),
      cost_this_month: balance?.cost_this_month ?? "0",
      alert_thresholds: wallet.alert_thresholds ?? [50, 80, 95],
      low_balance_threshold: wallet.low_balance_threshold ?? null,
    },
    metadata: wallet.metadata ?? null,
    created_at: wallet.created_at,
    updated_at: wallet.updated_at,
  }
}

export const GRANT_FIELDS = [
  "id",
  "source",
  "status",
  "amount",
  "remaining",
  "priority",
  "effective_at",
  "expires_at",
  "modules",
  "cost_basis",
  "unit_price",
  "currency_code",
  "reference_type",
  "reference_id",
  "parent_grant_id",
  "metadata",
  "created_at",
] as const

/** Whether a grant can still be spent now (or will be): it is shown to the wallet's owner. */
export function isLiveGrant(grant: { status: string; expires_at?: Date | string | null }) {
  const unexpired = !grant.expires_at || new Date(grant.expires_at).getTime() > Date.now()
  return (grant.status === "active" || grant.status === "pending") && unexpired
}

/**
 * A usage event as its customer (a store route) sees it: what ran and what it cost in credits,
 * without the merchant's provider cost or price internals.
 */
export function publicUsageEvent(event: Record<string, unknown> | null | undefined) {
  if (!event) {
    return null
  }
  const {
    id, module, action, model, input_tokens, output_tokens, images, requests, output_type, credits,
    status, refunded_credits, cart_id, conversation_id, created_at,
  } = event
  return {
    id, module, action, model, input_tokens, output_tokens, images, requests, output_type, credits,
    status, refunded_credits, cart_id, conversation_id, created_at,
  }
}
