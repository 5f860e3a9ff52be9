import { createHash } from "crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import { AI_CREDITS_GATEWAY_MODULE } from "../modules/ai-credits-gateway"
import type { AiModuleConfig } from "../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../modules/ai-credits-gateway/service"
import { CreditError } from "../modules/ai-credits/errors"
import type AiCreditsModuleService from "../modules/ai-credits/service"
import type {
  CaptureResult,
  PayerRef,
  RequestContext,
  ReservationResult,
  UsageInput,
} from "../modules/ai-credits/service"
import type { WalletBalance } from "../modules/ai-credits/types"
import type { QuotaCheck } from "../modules/ai-credits/quota/matching"
import { adminRolesOf, approvalRefusal, assertModuleAccess, withApprovedIncreases } from "./governance"
import { AI_CREDITS_BILLING_MODULE } from "../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../modules/ai-credits-billing/service"
import { subscriptionStanding } from "./subscription-standing"

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
}

export type AuthorizeAiRequestInput = {
  caller: Caller
  module: string
  model?: string
  estimate?: UsageInput
  idempotency_key?: string
  action?: string | null
  cart_id?: string | null
  conversation_id?: string | null
  metadata?: Record<string, unknown> | null
  /** Pay from this wallet only (admin and in-process callers); otherwise the payer chain decides. */
  wallet_id?: string
  /**
   * The estimate comes from a storefront (a browser): it is held for at most one request of the
   * module's per-request maximum, since that caller's capture may charge no more than its hold.
   */
  untrusted?: boolean
}

export type CheaperModelFallback = { type: "cheaper_model"; from_model: string; to_model: string; message?: string }

/** Present when the rate limiter could not be asked and let the request through (fail open). */
export type RateLimitNote = { degraded: true; failure_mode: "open" } | null

export type AuthorizeAiRequestOutcome =
  | {
      decision: "allow"
      result: ReservationResult
      module: AiModuleConfig
      provider: string
      model: string
      fallback: CheaperModelFallback | null
      rate_limit: RateLimitNote
    }
  | {
      decision: "fallback"
      fallback: { type: "degrade"; message: string }
      balance: WalletBalance | null
      rate_limit: RateLimitNote
    }

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never

export type UpgradeOffer = {
  packs: {
    id: string
    title: string
    credits: number
    kind: string
    variant_id: string | null
    product_id: string | null
    prices: { amount: number; currency_code: string }[]
  }[]
  plans: UpgradePlanOffer[]
}

export type UpgradePlanOffer = {
  id: string
  code: string
  name: string
  monthly_credits: number
  /** The monthly price, an exact decimal string. */
  price_amount: string | null
  currency_code: string | null
  trial_days: number | null
}

const GROUPS_TTL_MS = 60_000
const OFFERS_TTL_MS = 30_000
const customerGroupsCache = new Map<string, { groups: string[]; at: number }>()
let storeIdCache: string | null = null
let offersCache: { offers: UpgradeOffer; at: number } | null = null

function credits(container: MedusaContainer): AiCreditsModuleService {
  return container.resolve(AI_CREDITS_MODULE)
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
  if (caller.user_id) {
    return { type: "user" as const, id: caller.user_id }
  }
  if (caller.customer_id) {
    return { type: "customer" as const, id: caller.customer_id }
  }
  return { type: "visitor" as const, id: caller.visitor_id ?? null }
}

/**
 * What a request is recorded with (and priced by: a subscriber's plan may have prices of its own,
 * set with `scope_type: "plan"`).
 */
export async function contextOf(
  container: MedusaContainer,
  caller: Caller,
  extra: Pick<AuthorizeAiRequestInput, "action" | "cart_id" | "conversation_id"> = {}
): Promise<RequestContext> {
  const standing = caller.customer_id ? await subscriptionStanding(container, caller.customer_id) : null
  return {
    plan_id: standing?.plan_id ?? null,
    actor_scope: actorScopeOf(caller),
    customer_id: caller.customer_id ?? null,
    sales_channel_id: caller.sales_channel_id ?? null,
    visitor_id: caller.visitor_id ?? null,
    user_id: caller.user_id ?? null,
    cart_id: extra.cart_id ?? null,
    conversation_id: extra.conversation_id ?? null,
    action: extra.action ?? null,
  }
}

async function customerGroupIds(container: MedusaContainer, customerId: string): Promise<string[]> {
  const cached = customerGroupsCache.get(customerId)
  if (cached && Date.now() - cached.at < GROUPS_TTL_MS) {
    return cached.groups
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id", "groups.id"], filters: { id: customerId } })
  const groups = ((data[0]?.groups ?? []) as ({ id: string } | null)[]).flatMap((g) => (g ? [g.id] : []))
  if (customerGroupsCache.size > 10_000) {
    customerGroupsCache.clear()
  }
  customerGroupsCache.set(customerId, { groups, at: Date.now() })
  return groups
}

async function storeId(container: MedusaContainer): Promise<string | null> {
  if (!storeIdCache) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "store", fields: ["id"], pagination: { take: 1 } })
    storeIdCache = (data[0]?.id as string | undefined) ?? null
  }
  return storeIdCache
}

/**
 * Who pays, in order: the customer's wallet (not while their subscription is past due), the
 * customer's group pools, the sales channel's wallet, the pools the sales channel belongs to, the
 * store's default pool.
 */
export async function resolvePayers(container: MedusaContainer, caller: Caller): Promise<PayerRef[]> {
  const payers: PayerRef[] = []
  if (caller.customer_id) {
    // A past-due subscriber's own wallet does not pay until the payment goes through.
    if (!(await subscriptionStanding(container, caller.customer_id))?.past_due) {
      payers.push({ owner_type: "customer", owner_id: caller.customer_id })
    }
    for (const groupId of await customerGroupIds(container, caller.customer_id)) {
      payers.push({ owner_type: "customer_group", owner_id: groupId })
    }
  }
  if (caller.sales_channel_id) {
    payers.push({ owner_type: "sales_channel", owner_id: caller.sales_channel_id })
    payers.push({ pools_of_sales_channel: caller.sales_channel_id })
  }
  const store = await storeId(container)
  if (store) {
    payers.push({ owner_type: "store", owner_id: store })
  }
  return payers
}

/** The AI module, refusing unknown and switched-off modules and models it does not allow. */
export async function moduleFor(container: MedusaContainer, moduleId: string, model?: string): Promise<AiModuleConfig> {
  const config = await (container.resolve(AI_CREDITS_GATEWAY_MODULE) as AiCreditsGatewayModuleService).getAiModule(moduleId)
  if (!config) {
    throw new CreditError("invalid_data", `Unknown AI module "${moduleId}"`)
  }
  if (!config.enabled) {
    throw new CreditError("not_allowed", `The AI module "${moduleId}" is switched off`, { reason: "module_disabled" })
  }
  if (model && !config.allowed_models.includes(model)) {
    throw new CreditError("invalid_data", `Model "${model}" is not allowed for the ${moduleId} module`, {
      allowed_models: config.allowed_models,
    })
  }
  return config
}

/**
 * The module's default estimate, with the caller's figures where given, output capped at the
 * module's maximum per request (a bulk job's batch holds several requests at once).
 */
export function estimateFor(config: AiModuleConfig, estimate: UsageInput = {}): Required<UsageInput> {
  const requests = estimate.requests ?? config.estimate.requests
  return {
    input_tokens: estimate.input_tokens ?? config.estimate.input_tokens,
    output_tokens: Math.min(estimate.output_tokens ?? config.estimate.output_tokens, config.max_output_tokens * Math.max(requests, 1)),
    images: estimate.images ?? config.estimate.images,
    requests,
  }
}

/**
 * The most one request of the module may use: the usage a storefront may hold for or report at
 * once. Reported usage is compared by what it costs, so a request may read fewer tokens and write
 * more, or the other way round, as long as the whole costs no more.
 */
export function perRequestMaximum(config: AiModuleConfig): Required<UsageInput> {
  return { input_tokens: config.max_input_tokens, output_tokens: config.max_output_tokens, images: config.max_images, requests: 1 }
}

/** A storefront's estimate, at most one request of the module's per-request maximum. */
export function untrustedEstimateFor(config: AiModuleConfig, estimate: UsageInput = {}): Required<UsageInput> {
  const wanted = estimateFor(config, { ...estimate, requests: Math.min(estimate.requests ?? config.estimate.requests, 1) })
  const most = perRequestMaximum(config)
  return {
    input_tokens: Math.min(wanted.input_tokens, most.input_tokens),
    output_tokens: Math.min(wanted.output_tokens, most.output_tokens),
    images: Math.min(wanted.images, most.images),
    requests: wanted.requests,
  }
}

/**
 * Applies the store's rate limits, cooldowns and conversation limits to a storefront caller
 * (admin users are governed by their roles, not by these). Throws a 429 `rate_limited` refusal.
 */
export async function enforceRateLimits(
  container: MedusaContainer,
  caller: Caller,
  request: { module: string; conversation_id?: string | null }
): Promise<RateLimitNote> {
  if (caller.user_id) {
    return null
  }
  const decision = await (container.resolve(AI_CREDITS_GATEWAY_MODULE) as AiCreditsGatewayModuleService).checkRateLimits({
    module: request.module,
    customer_id: caller.customer_id,
    visitor_id: caller.visitor_id,
    ip: caller.ip,
    publishable_key: caller.publishable_key,
    conversation_id: request.conversation_id,
  })
  if (decision.allowed) {
    return decision.degraded ? { degraded: true, failure_mode: "open" } : null
  }
  const code = decision.reason === "limiter_unavailable" ? "rate_limiter_unavailable" : "rate_limited"
  throw new CreditError(code, decision.message, {
    reason: decision.reason,
    retry_after_s: decision.retry_after_s,
    ...(decision.rule ? { rule: decision.rule } : {}),
  })
}

/**
 * The quota counters of a request: every active rule whose scope matches it (admin users by their
 * roles, subscribers by their plan), with the increases approved for `require_approval` rules.
 */
async function quotasOf(container: MedusaContainer, caller: Caller, module: string): Promise<QuotaCheck[]> {
  const standing = caller.customer_id ? await subscriptionStanding(container, caller.customer_id) : null
  const checks = await credits(container).quotasFor({
    module,
    plan_ids: standing ? [standing.plan_id] : [],
    actor_scope: actorScopeOf(caller),
    sales_channel_id: caller.sales_channel_id,
    customer_id: caller.customer_id,
    customer_group_ids: caller.customer_id ? await customerGroupIds(container, caller.customer_id) : [],
    admin_roles: caller.user_id ? await adminRolesOf(container, caller.user_id) : [],
  })
  return withApprovedIncreases(container, checks)
}

/**
 * A blocking quota refusal as the API answers it: 429 with the rule, what remains, when it resets
 * and a Retry-After; for a `require_approval` rule, 403 `approval_required` with the approval
 * request opened for it. Approvals are for identified requesters (customers, admin users): an
 * anonymous visitor mints a new id per request, so each would open a request of its own and
 * flood the admin's queue; it gets the plain 429 instead.
 */
async function quotaRefusal(
  container: MedusaContainer,
  caller: Caller,
  error: CreditError,
  quotas: QuotaCheck[],
  module: string
): Promise<CreditError> {
  const ruleId = (error.details.rule as { id?: string } | undefined)?.id
  const check = quotas.find((q) => q.rule_id === ruleId)
  const requester = actorOf(caller)
  if (check?.action === "require_approval" && requester.type !== "visitor") {
    return approvalRefusal(container, requester, error, check, module)
  }
  if (check) {
    await noteQuotaBlocked(container, caller, check)
  }
  return withRetryAfter(error)
}

/**
 * What a blocking quota refused, for the admin's alerts, whose occurrences count the refused
 * requests: one alert per rule, subject and window for identified callers; anonymous visitors
 * (whose ids are theirs to make up) share one per rule, window and storefront.
 */
async function noteQuotaBlocked(container: MedusaContainer, caller: Caller, check: QuotaCheck) {
  const anonymous = actorOf(caller).type === "visitor"
  const storefront = caller.publishable_key ?? caller.sales_channel_id ?? "unknown"
  const refused = anonymous ? `anonymous visitors of ${storefront}` : check.subject
  await credits(container).raiseAlert({
    type: "quota_blocked",
    severity: "info",
    message: `The quota "${check.name}" (${check.limit} ${check.metric}) refused requests of ${refused}`,
    dedupe_key: `quota_blocked:${check.rule_id}:${anonymous ? `visitors:${storefront}` : check.subject}:${check.bucket_start}`,
    data: {
      rule_id: check.rule_id,
      subject: anonymous ? null : check.subject,
      storefront: anonymous ? storefront : null,
      limit: check.limit,
      metric: check.metric,
      window_start: check.window_start,
      resets_at: check.resets_at,
    },
  })
}

/** Notify-only quotas a request went over: one alert per rule, subject and window, however often. */
async function notifyQuotaOver(container: MedusaContainer, over: ReservationResult["quota_over"]) {
  for (const quota of over ?? []) {
    await credits(container).raiseAlert({
      type: "quota_exceeded",
      severity: "warning",
      message: `The quota "${quota.name}" (${quota.limit} ${quota.metric}) was exceeded by ${quota.subject}`,
      dedupe_key: `quota:${quota.rule_id}:${quota.subject}:${quota.bucket_start}`,
      data: { rule_id: quota.rule_id, subject: quota.subject, used: quota.used, limit: quota.limit, window_start: quota.window_start },
    })
  }
}

export { notifyQuotaOver, quotaRefusal, quotasOf }

/**
 * Holds credits for an AI request: picks the module's provider and model, finds the payer, prices
 * the estimate and holds it. When the payer cannot pay, the module's fallback decides: a cheaper
 * model, a `fallback` decision for the widget's non-AI path, or a 402 (with packs on sale for
 * `upgrade_prompt`).
 */
export async function authorizeAiRequest(
  container: MedusaContainer,
  input: AuthorizeAiRequestInput
): Promise<AuthorizeAiRequestOutcome> {
  const moduleConfig = await moduleFor(container, input.module, input.model)
  if (input.caller.user_id) {
    await assertModuleAccess(container, input.caller.user_id, moduleConfig.id, "requests")
  }
  const payers: PayerRef[] = input.wallet_id ? [{ wallet_id: input.wallet_id }] : await resolvePayers(container, input.caller)
  const idempotencyKey = input.idempotency_key ? scopedKey(input.caller, input.idempotency_key) : undefined
  // A retry of a request already answered gets its stored answer (below), even while its caller
  // cools down, and does not use up the caller's allowance. (Admin users have no rate limits.)
  const replay =
    !input.caller.user_id &&
    idempotencyKey !== undefined &&
    (await credits(container).hasReservationWithKey(payers, idempotencyKey))
  const rateLimit = replay ? null : await enforceRateLimits(container, input.caller, input)
  // A past-due subscriber's plan fallback (if any) replaces the module's.
  const standing = input.caller.customer_id ? await subscriptionStanding(container, input.caller.customer_id) : null
  const config = standing?.past_due && standing.fallback ? { ...moduleConfig, fallback: standing.fallback } : moduleConfig
  const estimate = input.untrusted ? untrustedEstimateFor(config, input.estimate) : estimateFor(config, input.estimate)
  const quotas = await quotasOf(container, input.caller, config.id)
  const context = await contextOf(container, input.caller, input)
  const attempt = (provider: string, model: string) =>
    credits(container).authorizeCredits({
      quotas,
      payers,
      module: config.id,
      provider,
      model,
      estimate,
      idempotency_key: idempotencyKey,
      actor: actorOf(input.caller),
      context,
      metadata: input.metadata ?? null,
    })

  const model = input.model ?? config.model
  try {
    const result = await attempt(config.provider, model)
    await notifyQuotaOver(container, result.quota_over)
    return { decision: "allow", result, module: config, provider: config.provider, model, fallback: null, rate_limit: rateLimit }
  } catch (error) {
    if (!(error instanceof CreditError)) {
      throw error
    }
    if (error.code === "idempotency_conflict") {
      return { ...(await replayCheaperModel(config, model, error, attempt)), rate_limit: rateLimit }
    }
    const quotaFallback = error.code === "quota_exceeded" && (error.details.rule as { action?: string })?.action === "fallback"
    if (error.code === "quota_exceeded" && !quotaFallback) {
      throw await quotaRefusal(container, input.caller, error, quotas, config.id)
    }
    if (error.code !== "insufficient_credits" && !quotaFallback) {
      throw error
    }
    return { ...(await applyFallback(container, config, model, error, attempt)), rate_limit: rateLimit }
  }
}

async function applyFallback(
  container: MedusaContainer,
  config: AiModuleConfig,
  model: string,
  refusal: CreditError,
  attempt: (provider: string, model: string) => Promise<ReservationResult>
): Promise<DistributiveOmit<AuthorizeAiRequestOutcome, "rate_limit">> {
  const { fallback } = config
  const balance = (refusal.details.balance as WalletBalance | undefined) ?? null
  switch (fallback.type) {
    case "cheaper_model": {
      if (fallback.model && fallback.model !== model) {
        const provider = fallback.provider ?? config.provider
        try {
          // Under the request's own key (its first attempt was refused, so the key is free): a retry
          // then finds this hold instead of taking a second one (see replayCheaperModel).
          const result = await attempt(provider, fallback.model)
          return cheaperModelOutcome(config, model, result)
        } catch (error) {
          if (!(error instanceof CreditError) || (error.code !== "insufficient_credits" && error.code !== "quota_exceeded")) {
            throw error
          }
        }
      }
      throw insufficient(refusal, { type: "cheaper_model", message: fallback.message }, await listUpgradeOffers(container))
    }
    case "degrade":
      return {
        decision: "fallback",
        fallback: { type: "degrade", message: fallback.message ?? "AI is unavailable right now." },
        balance,
      }
    case "disable":
      throw insufficient(refusal, { type: "disable", message: fallback.message }, null)
    case "upgrade_prompt":
      throw insufficient(refusal, { type: "upgrade_prompt", message: fallback.message }, await listUpgradeOffers(container))
  }
}

function cheaperModelOutcome(config: AiModuleConfig, model: string, result: ReservationResult) {
  const { fallback } = config
  return {
    decision: "allow" as const,
    result,
    module: config,
    provider: fallback.provider ?? config.provider,
    model: fallback.model!,
    fallback: { type: "cheaper_model" as const, from_model: model, to_model: fallback.model!, message: fallback.message },
  }
}

/**
 * A retried request whose first try fell back to the cheaper model: its key holds the cheaper
 * model's authorization, so asking for the big model again conflicts. The retry gets the first
 * answer back; any other conflict stands.
 */
async function replayCheaperModel(
  config: AiModuleConfig,
  model: string,
  conflict: CreditError,
  attempt: (provider: string, model: string) => Promise<ReservationResult>
) {
  const { fallback } = config
  if (fallback.type !== "cheaper_model" || !fallback.model || fallback.model === model) {
    throw conflict
  }
  const result = await attempt(fallback.provider ?? config.provider, fallback.model).catch(() => {
    throw conflict
  })
  return cheaperModelOutcome(config, model, result)
}

function insufficient(refusal: CreditError, fallback: { type: string; message?: string }, upgrade: UpgradeOffer | null) {
  const balance = (refusal.details.balance as WalletBalance | undefined) ?? null
  const details = {
    reason: refusal.details.reason ?? (refusal.code === "quota_exceeded" ? "quota" : "balance"),
    required: refusal.details.required,
    available: refusal.details.available,
    // Only the short balance: in-process callers and custom routes may pass these details on as
    // they are, so they name no wallet and no owner.
    balance: shortBalance(balance),
    fallback,
    upgrade,
  }
  return new CreditError("insufficient_credits", fallback.message ?? refusal.message, withRefusedWalletOwner(details, balance))
}

/** The owner of the wallet a refusal is about, as store routes need it to decide who sees its balance. */
type RefusedWalletOwner = Pick<WalletBalance, "owner_type" | "owner_id">

const REFUSED_WALLET_OWNER = Symbol("refused_wallet_owner")

/**
 * Keeps the refused wallet's owner on the details without exposing it: a non-enumerable symbol
 * is left out of `JSON.stringify`, object spreads and `Object.keys`. Details that lose it (e.g.
 * copied through a workflow) show their balance to no store caller.
 */
function withRefusedWalletOwner<T extends Record<string, unknown>>(details: T, balance: Partial<WalletBalance> | null): T {
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
 * The balance a store caller may see: its own wallet's, or its customer group's pool. A shared
 * storefront or store pool that paid is not shown (null): it is the merchant's business.
 */
export function visibleBalance(caller: Caller, balance: (Partial<WalletBalance> & Pick<WalletBalance, "available" | "reserved">) | null | undefined) {
  if (!balance) {
    return null
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
  const { balance, available, wallet_id: _walletId, ...rest } = details
  const shown = balance as (Partial<WalletBalance> & Pick<WalletBalance, "available" | "reserved">) | null | undefined
  const owner = refusedWalletOwnerOf(details, shown)
  const visible = shown && owner ? visibleBalance(caller, { ...shortBalance(shown), ...owner }) : null
  return visible ? { ...rest, ...(available !== undefined ? { available } : {}), balance: visible } : { ...rest, balance: null }
}

/** The credit packs on sale (active packages with their variant's prices), for upgrade prompts. */
export async function listUpgradeOffers(container: MedusaContainer): Promise<UpgradeOffer> {
  if (offersCache && Date.now() - offersCache.at < OFFERS_TTL_MS) {
    return offersCache.offers
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "ai_credit_package",
    fields: [
      "id",
      "title",
      "credits",
      "kind",
      "rank",
      "product_variant.id",
      "product_variant.product_id",
      "product_variant.prices.amount",
      "product_variant.prices.currency_code",
    ],
    filters: { is_active: true },
  })
  type PackageRow = {
    id: string
    title: string
    credits: number
    kind: string
    rank: number
    product_variant?: {
      id: string
      product_id: string
      prices?: { amount: number; currency_code: string }[]
    } | null
  }
  const packs = (data as PackageRow[])
    .filter((pkg) => pkg.product_variant)
    .sort((a, b) => a.rank - b.rank || a.credits - b.credits)
    .map((pkg) => ({
      id: pkg.id,
      title: pkg.title,
      credits: pkg.credits,
      kind: pkg.kind,
      variant_id: pkg.product_variant?.id ?? null,
      product_id: pkg.product_variant?.product_id ?? null,
      prices: (pkg.product_variant?.prices ?? []).map((p) => ({ amount: Number(p.amount), currency_code: p.currency_code })),
    }))
  const offers = { packs, plans: await listPlanOffers(container) }
  offersCache = { offers, at: Date.now() }
  return offers
}

/** The subscription plans on sale online, when the billing module is there. */
async function listPlanOffers(container: MedusaContainer): Promise<UpgradePlanOffer[]> {
  if (!container.hasRegistration(AI_CREDITS_BILLING_MODULE)) {
    return []
  }
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const plans = await billing.listAiCreditPlans(
    { is_active: true, billing: "stripe" },
    { order: { rank: "ASC", monthly_credits: "ASC" }, take: 20 }
  )
  return plans.map((plan) => ({
    id: plan.id,
    code: plan.code,
    name: plan.name,
    monthly_credits: plan.monthly_credits,
    price_amount: (plan.raw_price_amount as { value?: string } | null)?.value ?? null,
    currency_code: plan.currency_code ?? null,
    trial_days: plan.trial_days ?? null,
  }))
}

/** Forget cached credit packs (after an admin changes them). */
export function clearUpgradeOffersCache() {
  offersCache = null
}

export type CaptureAiRequestInput = {
  caller: Caller
  authorization_id: string
  usage: UsageInput
  provider?: string
  model?: string
  /** Charge another model than the authorized one (the gateway's failover); callers' reports may not. */
  allow_model_change?: boolean
  output_type?: string | null
  latency_ms?: number | null
  metadata?: Record<string, unknown> | null
  /**
   * The usage was reported by a storefront (a browser): it may charge at most the hold plus the
   * module's `capture_margin`, and nothing beyond a blocking quota. Trusted callers (admin users,
   * in-process code, the gateway that reads the provider's counts) charge what was really used.
   */
  untrusted?: boolean
  /**
   * Refuse a charge that would take a blocking quota past its limit (429), instead of charging it
   * and refusing the next request. For usage a client reports; in-process code whose work has
   * already run leaves it off and is charged.
   */
  refuse_over_quota?: boolean
}

/** Charges what the request really used, priced at the authorization's rate card. */
export async function captureAiRequest(container: MedusaContainer, input: CaptureAiRequestInput): Promise<CaptureResult> {
  const service = credits(container)
  const margins = input.untrusted
    ? Object.fromEntries((await (container.resolve(AI_CREDITS_GATEWAY_MODULE) as AiCreditsGatewayModuleService).listAiModules()).filter((m) => m.capture_margin > 0).map((m) => [m.id, m.capture_margin]))
    : undefined
  return service.captureCredits({
    hold_limit: margins ? { margins } : undefined,
    refuse_over_quota: input.untrusted || input.refuse_over_quota,
    reservation_id: input.authorization_id,
    actor_scope: actorScopeOf(input.caller),
    usage: input.usage,
    provider: input.provider,
    model: input.model,
    allow_model_change: input.allow_model_change,
    output_type: input.output_type,
    latency_ms: input.latency_ms,
    actor: actorOf(input.caller),
    metadata: input.metadata ?? null,
  }).catch((error) => {
    throw isQuotaRefusal(error) ? withRetryAfter(error) : error
  })
}

function isQuotaRefusal(error: unknown): error is CreditError {
  return error instanceof CreditError && error.code === "quota_exceeded"
}

/** A quota refusal with when to retry: when the window resets. */
function withRetryAfter(error: CreditError) {
  const resetsAt = Date.parse(String(error.details.resets_at))
  const retryAfter = Number.isNaN(resetsAt) ? 60 : Math.max(1, Math.ceil((resetsAt - Date.now()) / 1000))
  return new CreditError("quota_exceeded", error.message, { ...error.details, retry_after_s: retryAfter })
}

export async function releaseAiRequest(container: MedusaContainer, caller: Caller, authorizationId: string) {
  return credits(container).releaseCredits({
    reservation_id: authorizationId,
    actor_scope: actorScopeOf(caller),
    actor: actorOf(caller),
  })
}

/**
 * An authorization as the APIs show it. For a store caller (`caller` given), the paying wallet is
 * named only when `visibleBalance` shows it to that caller: a shared pool stays the merchant's.
 */
export function serializeAuthorization(
  outcome: Extract<AuthorizeAiRequestOutcome, { decision: "allow" }>,
  caller?: Caller
) {
  const { reservation, balance } = outcome.result
  const walletShown = !caller || visibleBalance(caller, balance) !== null
  return {
    id: reservation.id,
    status: reservation.status,
    wallet_id: walletShown ? reservation.wallet_id : null,
    module: reservation.module,
    reserved_credits: reservation.amount,
    expires_at: reservation.expires_at,
    provider: reservation.provider ?? outcome.provider,
    model: reservation.model ?? outcome.model,
    fallback: outcome.fallback,
  }
}

export function assertUsageBelongsTo(caller: Caller, event: { customer_id: string | null }) {
  if (!caller.customer_id || event.customer_id !== caller.customer_id) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "Usage event not found")
  }
}
