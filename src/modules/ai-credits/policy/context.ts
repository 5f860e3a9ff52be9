import { MedusaError } from "@medusajs/framework/utils"
import type { FallbackType } from "../types"
import type { PayerRef, RequestContext } from "../service"
import { actorScopeOf, Caller } from "./caller"

/** A fallback as a module or a plan configures it. */
export type FallbackSetting = { type: FallbackType; provider?: string; model?: string; message?: string }

/**
 * A customer's live subscription, as metering needs it: the plan (quota rules scoped to a plan
 * match its subscribers) and whether it is past due (then their own wallet does not pay, the payer
 * chain moves on, and the plan's fallback, when it has one, replaces the AI module's).
 */
export type SubscriptionStanding = {
  subscription_id: string
  plan_id: string
  past_due: boolean
  fallback: FallbackSetting | null
}

/**
 * Everything the policy needs to know about a caller, read once per request (see
 * `buildCallerContext` in the metering workflows): the pure functions below decide from it alone,
 * the way the promotion module's `computeActions` decides from the context it is given.
 */
export type CallerContext = {
  caller: Caller
  /** The customer's groups (none for other callers). */
  customer_group_ids: string[]
  /** The customer's live subscription; null without one (or without the billing module). */
  standing: SubscriptionStanding | null
  /** The admin user's AI roles (none for other callers). */
  admin_roles: string[]
  /** The store, whose default pool pays last; null when there is no store yet. */
  store_id: string | null
}

/**
 * Throws when `context` was built for another caller than `caller`: a programming error (a context
 * reused across requests), which would otherwise charge the other caller's wallets. Same caller:
 * the same scope (customer, admin user, visitor of a storefront, address) and sales channel.
 */
export function assertContextOf(context: CallerContext, caller: Caller): void {
  const same =
    actorScopeOf(context.caller) === actorScopeOf(caller) &&
    (context.caller.sales_channel_id ?? null) === (caller.sales_channel_id ?? null)
  if (!same) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "authorizeAiRequest was given the caller context of another caller")
  }
}

/**
 * Who pays, in order (a server API key: its payer only): the customer's wallet (not while their
 * subscription is past due), the customer's group pools, the sales channel's wallet, the pools the
 * sales channel belongs to, the store's default pool.
 */
export function payersOf(context: CallerContext): PayerRef[] {
  const { caller } = context
  if (caller.api_key) {
    // A server API key spends its own payer's wallet, nothing else.
    return [{ owner_type: caller.api_key.owner_type, owner_id: caller.api_key.owner_id }]
  }
  const payers: PayerRef[] = []
  if (caller.customer_id) {
    // A past-due subscriber's own wallet does not pay until the payment goes through.
    if (!context.standing?.past_due) {
      payers.push({ owner_type: "customer", owner_id: caller.customer_id })
    }
    for (const groupId of context.customer_group_ids) {
      payers.push({ owner_type: "customer_group", owner_id: groupId })
    }
  }
  if (caller.sales_channel_id) {
    payers.push({ owner_type: "sales_channel", owner_id: caller.sales_channel_id })
    payers.push({ pools_of_sales_channel: caller.sales_channel_id })
  }
  if (context.store_id) {
    payers.push({ owner_type: "store", owner_id: context.store_id })
  }
  return payers
}

/** Where a request comes from, recorded on its usage event. */
export type RequestOrigin = { action?: string | null; cart_id?: string | null; conversation_id?: string | null }

/**
 * What a request is recorded with (and priced by: a subscriber's plan may have prices of its own,
 * set with `scope_type: "plan"`).
 */
export function requestContextOf(context: CallerContext, origin: RequestOrigin = {}): RequestContext {
  const { caller } = context
  return {
    plan_id: context.standing?.plan_id ?? null,
    actor_scope: actorScopeOf(caller),
    customer_id: caller.customer_id ?? null,
    sales_channel_id: caller.sales_channel_id ?? null,
    visitor_id: caller.visitor_id ?? null,
    user_id: caller.user_id ?? null,
    cart_id: origin.cart_id ?? null,
    conversation_id: origin.conversation_id ?? null,
    action: origin.action ?? null,
  }
}

/** The scope the quota rules are matched against (admin users by their roles, subscribers by their plan). */
export function quotaScopeOf(context: CallerContext, module: string) {
  const { caller } = context
  return {
    module,
    plan_ids: context.standing ? [context.standing.plan_id] : [],
    actor_scope: actorScopeOf(caller),
    sales_channel_id: caller.sales_channel_id,
    customer_id: caller.customer_id,
    customer_group_ids: context.customer_group_ids,
    admin_roles: context.admin_roles,
  }
}
