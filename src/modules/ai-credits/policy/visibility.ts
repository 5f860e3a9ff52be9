import type { WalletBalance } from "../types"
import type { Caller } from "./caller"

type ShownBalance = Partial<WalletBalance> & Pick<WalletBalance, "available" | "reserved">

/** The owner of the wallet a refusal is about, as store routes need it to decide who sees its balance. */
type RefusedWalletOwner = Pick<WalletBalance, "owner_type" | "owner_id">

const REFUSED_WALLET_OWNER = Symbol("refused_wallet_owner")

/**
 * Keeps the refused wallet's owner on the details without exposing it: a non-enumerable symbol
 * is left out of `JSON.stringify`, object spreads and `Object.keys`. Details that lose it (e.g.
 * copied through a workflow) show their balance to no store caller.
 */
export function withRefusedWalletOwner<T extends Record<string, unknown>>(details: T, balance: Partial<WalletBalance> | null): T {
  if (balance?.owner_type && balance.owner_id) {
    const owner: RefusedWalletOwner = { owner_type: balance.owner_type, owner_id: balance.owner_id }
    Object.defineProperty(details, REFUSED_WALLET_OWNER, { value: owner, enumerable: false })
  }
  return details
}

/** The refused wallet's owner: kept aside by `withRefusedWalletOwner`, or in a ledger refusal's own balance. */
function refusedWalletOwnerOf(details: Record<string, unknown>, balance: Partial<WalletBalance> | null | undefined) {
  const kept = (details as { [REFUSED_WALLET_OWNER]?: RefusedWalletOwner })[REFUSED_WALLET_OWNER]
  if (kept) {
    return kept
  }
  return balance?.owner_type && balance.owner_id ? { owner_type: balance.owner_type, owner_id: balance.owner_id } : null
}

export function shortBalance(balance: Pick<WalletBalance, "available" | "reserved"> | null | undefined) {
  return { available: balance?.available ?? 0, reserved: balance?.reserved ?? 0 }
}

/**
 * The balance a store caller may see: its own wallet's, or its customer group's pool (a server API
 * key: its payer's). A shared
 * storefront or store pool that paid is not shown (null): it is the merchant's business.
 */
export function visibleBalance(caller: Caller, balance: ShownBalance | null | undefined) {
  if (!balance) {
    return null
  }
  if (caller.api_key) {
    const payer = caller.api_key
    return balance.owner_type === payer.owner_type && balance.owner_id === payer.owner_id ? shortBalance(balance) : null
  }
  const own =
    Boolean(caller.customer_id) &&
    ((balance.owner_type === "customer" && balance.owner_id === caller.customer_id) || balance.owner_type === "customer_group")
  return own ? shortBalance(balance) : null
}

/**
 * A refusal's details as a store caller may see them: the balance (and `available`, `wallet_id`)
 * of the wallet it is about only when `visibleBalance` shows that wallet to this caller. A shared
 * storefront or store pool that could not pay stays the merchant's business.
 */
export function visibleRefusalDetails(caller: Caller, details: Record<string, unknown>): Record<string, unknown> {
  if (!("balance" in details) && !("available" in details) && !("wallet_id" in details)) {
    return details
  }
  // What the available credits afford is as private as they are.
  const { balance, available, affordable_output_tokens: affordable, wallet_id: _walletId, ...rest } = details
  const shown = balance as ShownBalance | null | undefined
  const owner = refusedWalletOwnerOf(details, shown)
  const visible = shown && owner ? visibleBalance(caller, { ...shortBalance(shown), ...owner }) : null
  return visible
    ? {
        ...rest,
        ...(available !== undefined ? { available } : {}),
        ...(affordable !== undefined ? { affordable_output_tokens: affordable } : {}),
        balance: visible,
      }
    : { ...rest, balance: null }
}
