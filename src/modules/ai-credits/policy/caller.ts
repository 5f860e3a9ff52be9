import { createHash } from "crypto"
import type { WalletOwnerType } from "../../../client/enums"
import { CreditError } from "../errors"

/**
 * A server API key, as metering needs it: a trusted caller that spends one wallet owner's credits
 * only, within its modules and models (empty: all), its rate limit and its monthly credit limit.
 */
export type ServerKeyCaller = {
  id: string
  name: string
  owner_type: WalletOwnerType
  owner_id: string
  allowed_modules: string[]
  allowed_models: string[]
  rate_limit_per_minute: number | null
  monthly_credit_limit: number | null
}

/**
 * Who is asking. Store routes fill it from the publishable key (sales channel), the customer
 * session or token when there is one, and the widget's visitor id; admin routes from the admin user.
 */
export type Caller = {
  customer_id?: string | null
  visitor_id?: string | null
  user_id?: string | null
  sales_channel_id?: string | null
  /** Identifies anonymous callers of one storefront when they send no visitor id. */
  publishable_key?: string | null
  /** The client's address, for per-IP rate limits. */
  ip?: string | null
  /**
   * Set by the gateway for the requests it runs and meters itself: their holds live in a scope of
   * their own, so the caller cannot release or capture them through the authorization routes while
   * the answer is being served (a browser could otherwise stream an answer and pay nothing for it).
   */
  metered_by_server?: boolean
  /** Set when a server API key (`Authorization: Bearer aic_sk_…`) makes the request. */
  api_key?: ServerKeyCaller | null
}

/**
 * Ties an authorization to whoever made it: a customer, an admin user, one visitor of one
 * storefront, or, for a guest without a visitor id, the client address it came from (so guests
 * without ids do not share one scope in which one could capture or release another's hold). Only
 * the same caller may capture or release it. No part holds a `:` of its own (visitor ids may not,
 * the address is percent-encoded), so two callers never have one scope.
 */
export function actorScopeOf(caller: Caller): string {
  const scope = callerScopeOf(caller)
  // `#` is in no visitor id, customer or user id: no caller's own scope ends like this.
  return caller.metered_by_server ? `${scope}#server-metered` : scope
}

function callerScopeOf(caller: Caller): string {
  if (caller.api_key) {
    return `api_key:${caller.api_key.id}`
  }
  if (caller.user_id) {
    return `user:${caller.user_id}`
  }
  if (caller.customer_id) {
    return `customer:${caller.customer_id}`
  }
  const storefront = caller.publishable_key ?? "none"
  if (caller.visitor_id) {
    return `visitor:${storefront}:${caller.visitor_id}`
  }
  return `guest:${storefront}:${encodeURIComponent(caller.ip ?? "unknown")}`
}

/** Longest idempotency key the ledger stores, and the longest a caller may send (body or header). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255

/**
 * Idempotency keys live in the caller's own namespace, so two callers' keys never meet. A long
 * scope (a 128-character visitor id) must not shorten the key a caller may send: when scope and
 * key together are too long to store, their digest is stored instead (`sha256:` cannot start a
 * scope, so it never meets a plain one).
 */
export function scopedKey(caller: Caller, key: string): string
export function scopedKey(caller: Caller, key: string | undefined): string | undefined
export function scopedKey(caller: Caller, key: string | undefined) {
  if (key === undefined) {
    return undefined
  }
  if (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new CreditError("invalid_data", `idempotency_key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`)
  }
  const scoped = `${actorScopeOf(caller)}:${key}`
  return scoped.length <= MAX_IDEMPOTENCY_KEY_LENGTH
    ? scoped
    : `sha256:${createHash("sha256").update(scoped).digest("base64url")}`
}

export function actorOf(caller: Caller) {
  if (caller.api_key) {
    // A server acting by its key: the ledger's "system" actor, named by the key.
    return { type: "system" as const, id: caller.api_key.id }
  }
  if (caller.user_id) {
    return { type: "user" as const, id: caller.user_id }
  }
  if (caller.customer_id) {
    return { type: "customer" as const, id: caller.customer_id }
  }
  return { type: "visitor" as const, id: caller.visitor_id ?? null }
}
