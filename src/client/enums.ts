/**
 * The enumerations shared by the server, the admin and the storefront client, each defined once.
 * Dependency-free (the client is built from `src/client` alone): each module's `types.ts`
 * re-exports the ones it owns, and server code imports them from there.
 */

// ---- core ----

/** Where a grant's credits came from. */
export const GRANT_SOURCES = ["purchase", "plan", "trial", "promotion", "enterprise", "add_on", "adjustment", "rollover"] as const
export type GrantSource = (typeof GRANT_SOURCES)[number]

/**
 * The sources an admin may give a manual grant (an adjustment): what it is for. The others come
 * from their own flows (an order's purchase or add-on pack, a plan's period, its rollover).
 */
export const ADJUSTMENT_GRANT_SOURCES = ["adjustment", "promotion", "trial", "enterprise"] as const
export type AdjustmentGrantSource = (typeof ADJUSTMENT_GRANT_SOURCES)[number]

/**
 * A grant's priority: spending burns lower numbers first (after module-restricted grants). Plan
 * credits are 20, rolled-over credits 10; everything else defaults to 50.
 */
export const GRANT_PRIORITY = { min: 0, max: 1000, default: 50 } as const

/** What a quota rule counts. */
export const QUOTA_METRICS = ["credits", "requests", "tokens"] as const
export type QuotaMetric = (typeof QUOTA_METRICS)[number]

/**
 * A quota rule's window: calendar minute, hour, day or month (day and month in the store's time
 * zone), or `rolling`: the last `window_seconds`, counted in buckets.
 */
export const QUOTA_WINDOWS = ["minute", "hour", "day", "month", "rolling"] as const
export type QuotaWindow = (typeof QUOTA_WINDOWS)[number]

/** What happens past a quota: a 429, the module's fallback, an alert only, or an approval request. */
export const QUOTA_ACTIONS = ["block", "fallback", "notify", "require_approval"] as const
export type QuotaAction = (typeof QUOTA_ACTIONS)[number]

/** `actor`: each customer, visitor or admin user has the limit; `scope`: the whole scope shares it. */
export const QUOTA_COUNTED_PER = ["actor", "scope"] as const
export type QuotaCountedPer = (typeof QUOTA_COUNTED_PER)[number]

// ---- billing ----

/** What a credit package is sold as (a label for the admin and the storefront: every kind grants alike). */
export const CREDIT_PACKAGE_KINDS = ["prepaid", "monthly", "trial", "enterprise", "add_on"] as const
export type CreditPackageKind = (typeof CREDIT_PACKAGE_KINDS)[number]

/** Which wallet buying a credit package fills: the buyer, the buyer's company group, or the sales channel. */
export const CREDIT_PACKAGE_FILLS = ["buyer", "buyer_group", "sales_channel"] as const
export type CreditPackageFills = (typeof CREDIT_PACKAGE_FILLS)[number]

/**
 * When the payment of an order of credit packs only is captured: `on_order` as soon as the order
 * is placed (digital goods: the credits arrive at once), `manual` when an admin (or the payment
 * provider) captures it.
 */
export const CREDIT_PACK_CAPTURE_MODES = ["on_order", "manual"] as const
export type CreditPackCaptureMode = (typeof CREDIT_PACK_CAPTURE_MODES)[number]

/** What happens to a period's unused plan credits when the next period opens. */
export const ROLLOVER_POLICIES = [
  /** They are revoked: each period starts from the plan's monthly credits. */
  "reset",
  /** They roll over (with earlier rolled-over credits) up to `rollover_cap`, without expiry. */
  "rollover_capped",
  /** They roll over, expiring `rollover_expiry_days` after the new period starts (capped when `rollover_cap` is set). */
  "rollover_expiring",
] as const
export type RolloverPolicy = (typeof ROLLOVER_POLICIES)[number]

/** `stripe`: Stripe Subscriptions bill it; `invoice`: an enterprise contract, renewed by a job. */
export const PLAN_BILLING = ["stripe", "invoice"] as const
export type PlanBilling = (typeof PLAN_BILLING)[number]

/**
 * `incomplete`: created, first payment not confirmed yet. `trialing`, `active`, `past_due` (a
 * payment failed: the plan's fallback applies), `canceled` (ended; final).
 */
export const SUBSCRIPTION_STATUSES = ["incomplete", "trialing", "active", "past_due", "canceled"] as const
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number]

/** What starts an auto top-up: available credit below the threshold, or the wallet's fixed day of the month. */
export const AUTO_TOP_UP_TRIGGERS = ["threshold", "schedule"] as const
export type AutoTopUpTrigger = (typeof AUTO_TOP_UP_TRIGGERS)[number]

// ---- gov ----

/** A bulk AI job's status (see the governance module's BulkJob model). */
export const BULK_JOB_STATUSES = ["queued", "running", "paused_insufficient_credits", "completed", "canceled", "failed"] as const
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number]

export const BULK_JOB_ITEM_STATUSES = ["pending", "done", "failed"] as const
export type BulkJobItemStatus = (typeof BULK_JOB_ITEM_STATUSES)[number]

/** An approval request for a quota increase: pending until an admin decides; an approved one expires. */
export const APPROVAL_REQUEST_STATUSES = ["pending", "approved", "rejected", "expired"] as const
export type ApprovalRequestStatus = (typeof APPROVAL_REQUEST_STATUSES)[number]

/** Who asked for a quota increase. */
export const APPROVAL_REQUESTER_TYPES = ["customer", "user", "visitor"] as const
export type ApprovalRequesterType = (typeof APPROVAL_REQUESTER_TYPES)[number]

/** What a module-access restriction covers: a module's requests, or its bulk jobs. */
export const MODULE_ACCESS_SCOPES = ["requests", "bulk_jobs"] as const
export type ModuleAccessScope = (typeof MODULE_ACCESS_SCOPES)[number]

// ---- gw ----
/** What happens when the payer cannot pay: a cheaper model, the widget's non-AI path, a refusal, or an upgrade offer. */
export const FALLBACK_TYPES = ["cheaper_model", "degrade", "disable", "upgrade_prompt"] as const
export type FallbackType = (typeof FALLBACK_TYPES)[number]

/** The kinds of AI provider a store can configure under `ai_providers`. */
export const AI_PROVIDER_TYPES = ["local", "openai-compatible"] as const
export type AiProviderType = (typeof AI_PROVIDER_TYPES)[number]

/** Whose requests a rate-limit rule counts together. */
export const RATE_LIMIT_SCOPES = ["customer", "visitor", "ip", "publishable_key"] as const
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number]

/** When the rate limiter's Redis is unreachable: let requests through, or refuse them. */
export const RATE_LIMIT_FAILURE_MODES = ["open", "closed"] as const
export type RateLimitFailureMode = (typeof RATE_LIMIT_FAILURE_MODES)[number]

// ---- keys ----

/** Who owns a wallet. A pool is an enterprise or custom pool shared by several sales channels. */
export const WALLET_OWNER_TYPES = ["customer", "customer_group", "sales_channel", "pool", "store"] as const
export type WalletOwnerType = (typeof WALLET_OWNER_TYPES)[number]

/** A server API key's state: usable, revoked by an admin, or past its expiry. */
export const SERVER_API_KEY_STATUSES = ["active", "revoked", "expired"] as const
export type ServerApiKeyStatus = (typeof SERVER_API_KEY_STATUSES)[number]

// ---- admin ----

/** The rates of a price row: credits charged and the provider's own cost, per unit. */
export const PRICE_RATE_FIELDS = [
  "credits_per_1k_input_tokens",
  "credits_per_1k_output_tokens",
  "credits_per_request",
  "credits_per_image",
  "cost_per_1k_input_tokens",
  "cost_per_1k_output_tokens",
  "cost_per_request",
  "cost_per_image",
] as const
export type PriceRateField = (typeof PRICE_RATE_FIELDS)[number]
