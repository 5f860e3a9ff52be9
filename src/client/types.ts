/**
 * Request and response types of the store API (`docs/STORE_API.md`), as the storefront client
 * sends and receives them. Types only: this file emits no runtime code.
 */

import type {
  ApprovalRequesterType,
  ApprovalRequestStatus,
  BulkJobStatus,
  CreditPackageFills,
  CreditPackageKind,
  FallbackType,
  ModuleAccessScope,
  PlanBilling,
  QuotaAction,
  QuotaCountedPer,
  QuotaMetric,
  QuotaWindow,
  RolloverPolicy,
  SubscriptionStatus,
  ServerApiKeyStatus,
  WalletOwnerType,
} from "./enums"

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

/** Token counts (and other billable units) of one AI request, as measured by the provider. */
export type AiUsage = {
  input_tokens: number
  output_tokens: number
  images?: number
  requests?: number
}

/** Usage as a widget reports it (capture, recordUsage): every unit optional, whole numbers. */
export type AiUsageInput = {
  input_tokens?: number
  output_tokens?: number
  images?: number
  requests?: number
}

/** What a request is expected to use; the hold is sized from it (the module's defaults fill gaps). */
export type AiUsageEstimate = AiUsageInput

/** The payer's wallet after the operation. */
export type AiCreditsBalance = {
  available: number
  reserved: number
}

/**
 * The balance a storefront may show: the customer's own wallet or their company's pool, or null
 * when a shared wallet (the storefront's or the store's pool) paid, whose balance is the merchant's.
 */
export type VisibleBalance = AiCreditsBalance | null

/** Who is asking, for rules, rate limits and reporting. All optional. */
export type AiRequestContext = {
  /** An anonymous visitor id (e.g. from a first-party cookie) when nobody is logged in. */
  visitor_id?: string
  cart_id?: string
  conversation_id?: string
}

// ---------------------------------------------------------------------------------------------
// Fallbacks and upgrade offers
// ---------------------------------------------------------------------------------------------

/** The payer could not pay the requested model; a cheaper one was authorized instead (200). */
export type CheaperModelFallback = {
  type: "cheaper_model"
  from_model: string
  to_model: string
  /** The merchant's text for the widget, when configured. */
  message?: string
}
/** The payer cannot pay: use the widget's non-AI path (e.g. keyword search). A 200, not an error. */
export type DegradeFallback = { type: "degrade"; message: string }
/** The payer cannot pay and the feature is off (402 `insufficient_credits`). */
export type DisableFallback = { type: "disable"; message?: string }
/** The payer cannot pay: offer the credit packs or plans in `upgrade` (402 `insufficient_credits`). */
export type UpgradePromptFallback = { type: "upgrade_prompt"; message?: string }
/** The module falls back to a cheaper model but the payer cannot pay that one either (402, with `upgrade`). */
export type CheaperModelUnavailableFallback = { type: "cheaper_model"; message?: string }

/** The `fallback` of a 402 `insufficient_credits`. */
export type InsufficientCreditsFallback =
  | DisableFallback
  | UpgradePromptFallback
  | CheaperModelUnavailableFallback

export type AiCreditsFallback =
  | CheaperModelFallback
  | DegradeFallback
  | DisableFallback
  | UpgradePromptFallback

export type CreditPackPrice = { amount: number; currency_code: string }

/** A credit pack on sale: a product variant the storefront can add to the cart. */
export type CreditPack = {
  id: string
  title: string
  credits: number
  /** e.g. "pack" or "subscription". */
  kind?: string
  variant_id: string
  product_id: string
  prices: CreditPackPrice[]
}

/** A subscription plan that grants credits. The store API does not pin its fields beyond `id`. */
export type CreditPlan = {
  id: string
  title?: string
  credits?: number
  [key: string]: unknown
}

/** What a 402 `upgrade_prompt` offers. */
export type UpgradeOffer = {
  packs: CreditPack[]
  plans: CreditPlan[]
}

// ---------------------------------------------------------------------------------------------
// Authorizations: POST /store/ai-credits/authorizations, .../:id/capture, .../:id/release
// ---------------------------------------------------------------------------------------------

export type AuthorizationStatus = "held" | "captured" | "released" | "expired"

export type AiCreditsAuthorization = {
  id: string
  status: AuthorizationStatus
  /** The paying wallet: null when it is a shared pool the caller may not see (as `balance` is null). */
  wallet_id: string | null
  module?: string
  reserved_credits: number
  /** ISO 8601. After it, the hold is released and a capture answers 409 `reservation_closed`. */
  expires_at: string
  provider: string | null
  /** The model to call: differs from the requested one after a `cheaper_model` fallback. */
  model: string | null
  fallback: CheaperModelFallback | null
}

export type AuthorizeRequest = AiRequestContext & {
  /** The AI feature, e.g. "chatbot" or "search". */
  module: string
  action?: string
  model?: string
  estimate?: AiUsageEstimate
  metadata?: Record<string, unknown>
}

export type AuthorizeAllowResponse = {
  decision: "allow"
  authorization: AiCreditsAuthorization
  balance: VisibleBalance
}

/** The payer cannot pay and the module degrades: no hold was made, use the non-AI path. */
export type AuthorizeFallbackResponse = {
  decision: "fallback"
  authorization: null
  fallback: DegradeFallback
  balance?: VisibleBalance
}

export type AuthorizeResponse = AuthorizeAllowResponse | AuthorizeFallbackResponse

export type AuthorizeOptions = RequestOptions & {
  /**
   * Sent as `Idempotency-Key` (recommended): the same key for a retried authorization returns
   * the first hold instead of holding twice. With a key, a network failure is retried once.
   */
  idempotencyKey?: string
}

export type CaptureRequest = {
  usage: AiUsageInput
  provider?: string
  model?: string
  /** e.g. "text" or "image". */
  output_type?: string
  latency_ms?: number
}

/** One metered, charged AI request. */
export type UsageEvent = {
  id: string
  /** Credits charged (before any refund). */
  credits: number
  module: string
  action?: string | null
  provider?: string | null
  model?: string | null
  input_tokens?: number
  output_tokens?: number
  images?: number
  requests?: number
  output_type?: string | null
  /** What the request would have cost had the wallet been able to pay it all. */
  requested_credits?: number
  status?: "charged" | "refunded"
  refunded_credits?: number
  refunded_at?: string | null
  refund_reason?: string | null
  wallet_id?: string
  reservation_id?: string
  sales_channel_id?: string | null
  customer_id?: string | null
  visitor_id?: string | null
  cart_id?: string | null
  conversation_id?: string | null
  latency_ms?: number | null
  metadata?: Record<string, unknown> | null
  created_at?: string
  updated_at?: string
}

export type CaptureResponse = {
  usage_event: UsageEvent
  balance: VisibleBalance
  /** What the reported usage cost beyond what was charged: past the hold (plus margin), or past what the wallet could pay. */
  uncharged_credits: number
}

export type ReleaseResponse = {
  authorization: { id: string; status: AuthorizationStatus }
  balance: VisibleBalance
}

// ---------------------------------------------------------------------------------------------
// Usage: POST /store/ai-credits/usage, GET /store/ai-credits/usage, POST .../usage/:id/reject
// ---------------------------------------------------------------------------------------------

export type RecordUsageRequest = AiRequestContext & {
  module: string
  action?: string
  model?: string
  usage: AiUsageInput
  output_type?: string
  latency_ms?: number
  metadata?: Record<string, unknown>
}

export type RecordUsageOptions = RequestOptions & {
  /**
   * Sent as `Idempotency-Key` (the route requires one). Generated when not given; pass your own
   * (e.g. derived from the message id) to make retries across page reloads safe too.
   */
  idempotencyKey?: string
}

export type RecordUsageResponse = { usage_event: UsageEvent; balance: VisibleBalance }

export type ListUsageQuery = { limit?: number; offset?: number }

export type ListUsageResponse = {
  usage_events: UsageEvent[]
  count: number
  limit: number
  offset: number
}

export type RejectUsageRequest = { reason: string }

export type RejectUsageResponse = {
  usage_event: UsageEvent
  refund: { credits: number }
  balance: VisibleBalance
}

// ---------------------------------------------------------------------------------------------
// Gateway: POST /store/ai-credits/invoke
// ---------------------------------------------------------------------------------------------

export type AiChatMessage = { role: "system" | "user" | "assistant"; content: string }

export type InvokeInput = { messages: AiChatMessage[] } | { prompt: string }

export type InvokeRequest = AiRequestContext & {
  module: string
  model?: string
  action?: string
  input: InvokeInput
  metadata?: Record<string, unknown>
}

export type InvokeAllowResponse = {
  decision: "allow"
  output: string
  provider: string
  model: string
  usage: AiUsage
  credits: number
  usage_event_id: string
  balance: VisibleBalance
  /** Set when a `cheaper_model` fallback picked the model. */
  fallback?: CheaperModelFallback | null
  /**
   * Set when the payer held less than the estimate and the module shrinks to the balance
   * (`shrink_to_balance`): the most output tokens the answer could have, and what the payer could afford.
   */
  output_limit?: number | null
}

/** The payer cannot pay and the module degrades: the provider was not called, nothing charged. */
export type InvokeFallbackResponse = {
  decision: "fallback"
  fallback: DegradeFallback
  balance?: VisibleBalance
}

export type InvokeResponse = InvokeAllowResponse | InvokeFallbackResponse

/** Data of the `start` server-sent event. */
export type StreamStartData = {
  authorization_id: string
  provider: string
  model: string
  /** Set when a `cheaper_model` fallback picked the model. */
  fallback?: CheaperModelFallback | null
}
/** Data of the `done` server-sent event: what was metered and charged. */
export type StreamDoneData = {
  usage: AiUsage
  credits: number
  usage_event_id: string
  balance: VisibleBalance
  provider?: string
  model?: string
  fallback?: CheaperModelFallback | null
  /** false when the answer was cut short (client gone); what was streamed is still charged. */
  completed?: boolean
}

export type StreamStartEvent = { type: "start" } & StreamStartData
export type StreamDeltaEvent = { type: "delta"; text: string }
export type StreamDoneEvent = { type: "done" } & StreamDoneData
/**
 * The payer cannot pay and the module degrades (`event: fallback`, or a JSON answer): nothing was
 * called or charged, use the non-AI path. No other event follows.
 */
export type StreamFallbackEvent = { type: "fallback"; fallback: DegradeFallback; balance?: VisibleBalance }

export type StreamEvent = StreamStartEvent | StreamDeltaEvent | StreamDoneEvent | StreamFallbackEvent

/** A completed stream: the whole output, what was charged, and the `start` event's ids. */
export type InvokeStreamCompletion = {
  decision: "allow"
  output: string
  authorization_id?: string
  provider?: string
  model?: string
} & StreamDoneData

export type InvokeStreamResult = InvokeStreamCompletion | InvokeFallbackResponse

/**
 * A streamed answer. Iterate it (`for await`) for the events, and/or await `result` for the
 * outcome; the response is read once whether or not anybody iterates, and each iterator sees
 * every event from the first one.
 *
 * - An `event: error` (or an HTTP error before the stream) rejects `result` and is thrown by the
 *   iterator as an `AiCreditsApiError`.
 * - `abort()` (or the `signal` given to `invokeStream`, or leaving a `for await` loop early with
 *   `break`) stops the request: the iterator then ends without an error and `result` rejects
 *   with the abort reason (an `AbortError` by default). What was streamed so far is charged.
 */
export interface AiCreditsStream extends AsyncIterable<StreamEvent> {
  readonly result: Promise<InvokeStreamResult>
  abort(reason?: unknown): void
}

export type InvokeStreamOptions = RequestOptions

// ---------------------------------------------------------------------------------------------
// Wallet and pricing: GET /store/ai-credits/wallet, GET /store/ai-credits/pricing
// ---------------------------------------------------------------------------------------------

export type WalletGrant = {
  id: string
  source: string
  status: string
  amount: number
  remaining: number
  effective_at: string | null
  expires_at: string | null
  /** The AI modules the grant may pay for; null for all. */
  modules: string[] | null
}

export type CustomerWallet = {
  /** null while the customer has no wallet yet (all amounts are then 0). */
  id: string | null
  balance: number
  reserved: number
  available: number
  grants: WalletGrant[]
  plan: CreditPlan | null
  owner_type?: string
  owner_id?: string
  name?: string | null
  overage_limit?: number
  overage_used?: number
  max_hold_credits?: number | null
  created_at?: string
  updated_at?: string
}

export type WalletResponse = { wallet: CustomerWallet }

/** Credits per unit of one model (the store's default price list). */
export type ModelRates = {
  credits_per_1k_input_tokens: number
  credits_per_1k_output_tokens: number
  credits_per_request: number
  credits_per_image: number
}

export type PricingModel = {
  model: string
  /** null when the model has no price yet. */
  rates: ModelRates | null
}

/** An AI feature of the store (enabled ones only). */
export type PricingModule = {
  id: string
  name: string
  default_model: string
  models: PricingModel[]
  /** What happens when the payer cannot pay: "cheaper_model", "degrade", "disable", "upgrade_prompt". */
  fallback: AiCreditsFallback["type"]
}

/** The AI modules with their models and rates, and the credit packs on sale. */
export type PricingResponse = {
  /** How a request's cost is rounded, in words. */
  rounding: string
  modules: PricingModule[]
  packs: CreditPack[]
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Error `type`s of the store API; other strings may appear. */
export type AiCreditsErrorType =
  | "invalid_data"
  | "insufficient_credits"
  | "not_allowed"
  | "not_found"
  | "reservation_closed"
  /** A capture reported more than its hold (plus the module's margin) allows; nothing charged. */
  /** Reported usage costs more than one request of the module may; nothing charged. */
  | "usage_exceeds_maximum"
  | "quota_exceeded"
  | "idempotency_conflict"
  | "rate_limited"
  | "quota_exceeded"
  | "approval_required"
  | "provider_error"
  | "not_priced"
  | "rate_limiter_unavailable"
  | "database_unavailable"
  /** Set by the client from the status when the body has no `type` (Medusa's own 401 has none). */
  | "unauthorized"
  | "conflict"
  | "service_unavailable"
  /** In a stream: stopped before any output, nothing charged. */
  | "cancelled"
  /** Set by the client: a 2xx body that is not the expected JSON, or a stream that ended early. */
  | "invalid_response"
  | "stream_incomplete"
  /** Set by the client: an error response without a `type`. */
  | "unknown_error"
  | (string & {})

/** Medusa's error shape plus the route's extra fields. */
export type AiCreditsErrorBody = {
  type?: string
  message?: string
  [key: string]: unknown
}

export type InsufficientCreditsErrorBody = AiCreditsErrorBody & {
  type: "insufficient_credits"
  fallback: InsufficientCreditsFallback
  /** The packs and plans to offer (`upgrade_prompt`, `cheaper_model`); null with `disable`. */
  upgrade?: UpgradeOffer | null
  /** Credits the request needed, and what the payer has: only when the payer is the caller's own wallet (or group pool). */
  required?: number
  available?: number
  /** What the request would cost with at most one output token, at the payer's price (null: not priced per token). */
  smallest_required?: number | null
  balance?: VisibleBalance | null
}

export type RateLimitedErrorBody = AiCreditsErrorBody & {
  type: "rate_limited"
  retry_after_s?: number
}

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

/** `credentials` of `fetch`: "include" sends the Medusa session cookie cross-origin. */
export type AiCreditsRequestCredentials = "include" | "omit" | "same-origin"

/**
 * The `fetch` the client calls: the global one by default. Any function with this shape works,
 * including the global `fetch` itself and test fakes.
 */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export type AiCreditsClientOptions = {
  /** The Medusa backend, e.g. "https://api.example.com" (no `/store` suffix). */
  baseUrl: string
  /** A publishable API key (`pk_...`): it names the sales channel. */
  publishableKey: string
  /**
   * The customer's bearer token (from `POST /auth/customer/emailpass`), read before every
   * request; return nothing for a guest.
   */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>
  /**
   * Who an anonymous shopper is (a stable id the widget keeps, e.g. in localStorage), sent as
   * `x-visitor-id`: 1 to 128 letters, digits, `.`, `_`, `~` or `-` (anything else is a 400).
   * Guests are rate-limited and own their authorizations by it; without one, a guest is known by
   * its IP (one allowance per IP, holds capturable only from that IP).
   */
  visitorId?: string | (() => string | null | undefined)
  fetch?: FetchLike
  /** How many times a 429 is retried after its `Retry-After` wait. Default 2. */
  maxRetries?: number
  /** The longest `Retry-After` wait, in ms; longer waits are cut to this. Default 10000. */
  maxRetryDelayMs?: number
  /** For cookie sessions across origins: "include". */
  credentials?: AiCreditsRequestCredentials
}

/** Options every method accepts. */
export type RequestOptions = {
  /** Cancels the request (and any `Retry-After` wait). */
  signal?: AbortSignal
}

export interface AiCreditsClient {
  /** `POST /store/ai-credits/authorizations`: hold credits for a request that is about to run. */
  authorize(body: AuthorizeRequest, options?: AuthorizeOptions): Promise<AuthorizeResponse>
  /** `POST /store/ai-credits/authorizations/:id/capture`: charge the hold for the actual usage. */
  capture(authorizationId: string, body: CaptureRequest, options?: RequestOptions): Promise<CaptureResponse>
  /** `POST /store/ai-credits/authorizations/:id/release`: drop the hold, charge nothing. */
  release(authorizationId: string, options?: RequestOptions): Promise<ReleaseResponse>
  /** `POST /store/ai-credits/usage`: authorize and capture usage that is already known. */
  recordUsage(body: RecordUsageRequest, options?: RecordUsageOptions): Promise<RecordUsageResponse>
  /** `POST /store/ai-credits/invoke` with `stream: false`: the gateway calls the provider and charges. */
  invoke(body: InvokeRequest, options?: RequestOptions): Promise<InvokeResponse>
  /** `POST /store/ai-credits/invoke` with `stream: true`: the answer as server-sent events. */
  invokeStream(body: InvokeRequest, options?: InvokeStreamOptions): AiCreditsStream
  /** `GET /store/ai-credits/usage`: the customer's own usage events, newest first. */
  listUsage(query?: ListUsageQuery, options?: RequestOptions): Promise<ListUsageResponse>
  /** `POST /store/ai-credits/usage/:id/reject`: reject a result within the refund window. */
  rejectUsage(usageEventId: string, body: RejectUsageRequest, options?: RequestOptions): Promise<RejectUsageResponse>
  /** `GET /store/ai-credits/wallet`: the customer's wallet. */
  wallet(options?: RequestOptions): Promise<WalletResponse>
  /** `GET /store/ai-credits/pricing`: modules, models, rates and credit packs. Public. */
  pricing(options?: RequestOptions): Promise<PricingResponse>
}

// ---------------------------------------------------------------------------------------------
// Response types of the admin API and the rest of the store API, by area
// ---------------------------------------------------------------------------------------------

// ---- core ----

// ---- billing ----

// ---- gov ----

/** A credit package's terms: of a product variant that sells credits (`/admin/ai-credits/packages`). */
export type CreditPackageTerms = {
  id: string
  title: string
  credits: number
  kind: CreditPackageKind
  validity_days: number | null
  fills: CreditPackageFills
  modules: string[] | null
  is_active: boolean
  /** The priority of the grants its purchases make: lower is spent first. */
  priority: number
}

/** `GET /admin/ai-credits/modules`: an AI module as the plugin options configure it. */
export type AdminAiModule = {
  id: string
  name: string
  enabled: boolean
  provider: string
  model: string
  allowed_models: string[]
  max_output_tokens: number
  /** With max_output_tokens and max_images: the module's per-request maximum (see perRequestMaximum). */
  max_input_tokens: number
  max_images: number
  /** How much more than its hold a storefront's capture may charge, as a fraction of the hold. */
  capture_margin: number
  estimate: { input_tokens: number; output_tokens: number; images: number; requests: number }
  fallback: { type: FallbackType; provider?: string; model?: string; message?: string }
  /** A gateway request the payer cannot pay in full runs with the output limit it affords (see the options). */
  shrink_to_balance: boolean
  /** Tried in turn when the provider fails (same model unless one is given). */
  failover: { provider: string; model?: string }[]
}

/** Dates as the server hands them to `res.json` (a Date) and as a client reads them (ISO string). */
type WireDate = string | Date

/** `GET /admin/ai-credits/bulk-jobs/:id` and the other bulk-job answers: a job with its progress. */
export type AdminBulkJob = {
  id: string
  name: string
  module: string
  status: BulkJobStatus
  created_by: string
  wallet_id: string | null
  batch_size: number
  items_per_hour: number | null
  estimated_credits_per_item: number
  estimated_credits: number
  credits_spent: number
  progress: { total: number; done: number; failed: number; remaining: number; percent: number }
  last_error: string | null
  created_at: WireDate
  started_at: WireDate | null
  finished_at: WireDate | null
}

/** What a bulk job would cost and how fast it may run. */
export type AdminBulkJobQuote = {
  module: string
  provider: string
  model: string
  items: number
  estimated_credits_per_item: number
  estimated_credits: number
  pace: { concurrency: number; items_per_hour: number }
}

export type AdminBulkJobResponse = { bulk_job: AdminBulkJob }
export type AdminBulkJobListResponse = { bulk_jobs: AdminBulkJob[]; count: number; offset: number; limit: number }
export type AdminSubmitBulkJobResponse = { bulk_job: AdminBulkJob; quote: AdminBulkJobQuote }
export type AdminBulkJobQuoteResponse = { quote: AdminBulkJobQuote }

// ---- gw ----

export * from "./openai-types"

// ---- admin ----

/** A plan as `/admin/ai-credits/plans` returns it (`serializePlan`); `price_amount` is an exact decimal string. */
export type AdminPlan = {
  id: string
  code: string
  name: string
  description: string | null
  monthly_credits: number
  rollover_policy: RolloverPolicy
  rollover_cap: number | null
  rollover_expiry_days: number | null
  module_allowances: Record<string, number> | null
  rate_limit_tier: string | null
  alert_thresholds: number[] | null
  billing: PlanBilling
  stripe_price_id: string | null
  price_amount: string | null
  currency_code: string | null
  trial_days: number | null
  trial_credits: number | null
  past_due_fallback: { type: string; model?: string; provider?: string; message?: string } | null
  is_active: boolean
  rank: number
}

/** A subscription as `/admin/ai-credits/subscriptions` returns it (`serializeSubscription`). */
export type AdminSubscription = {
  id: string
  customer_id: string
  plan_id: string
  plan?: AdminPlan
  status: SubscriptionStatus
  billing: PlanBilling
  stripe_customer_id: string | null
  stripe_subscription_id: string | null
  current_period_start: WireDate | null
  current_period_end: WireDate | null
  cancel_at_period_end: boolean
  canceled_at: WireDate | null
  trial_ends_at: string | null
}

/** An approval request as `/admin/ai-credits/approval-requests` returns it (`serializeApprovalRequest`). */
export type AdminApprovalRequest = {
  id: string
  status: ApprovalRequestStatus
  rule_id: string
  rule_name: string
  subject: string
  module: string | null
  metric: string
  requester_type: ApprovalRequesterType
  requester_id: string | null
  requested_amount: number
  granted_amount: number | null
  reason: string | null
  decision_note: string | null
  decided_by: string | null
  decided_at: WireDate | null
  expires_at: WireDate | null
  window_start: WireDate
  window_resets_at: WireDate
  created_at: WireDate
}

/** An admin user's AI role (`/admin/ai-credits/roles/assignments`). */
export type AdminRoleAssignment = { id: string; user_id: string; role: string; assigned_by: string | null; created_at: WireDate }

/** The roles a module is restricted to, for requests or bulk jobs (`/admin/ai-credits/module-access`). */
export type AdminModuleAccess = { id: string; module: string; scope: ModuleAccessScope; roles: string[] }

// ---- keys ----

/** A server API key as admins see it: never its secret nor its hash. */
export type AdminServerApiKey = {
  id: string
  name: string
  /** The key's first characters (`aic_sk_` and four more), to tell keys apart. */
  token_prefix: string
  status: ServerApiKeyStatus
  owner_type: WalletOwnerType
  owner_id: string
  /** The storefront (sales channel) the key may be used from; null: any. */
  sales_channel_id: string | null
  allowed_modules: string[]
  allowed_models: string[]
  rate_limit_per_minute: number | null
  monthly_credit_limit: number | null
  /** Credits the key held and charged this calendar month (what its monthly limit counts). */
  spent_this_month: number
  expires_at: WireDate | null
  revoked_at: WireDate | null
  last_used_at: WireDate | null
  created_at: WireDate
}

/** The body of `POST /admin/ai-credits/api-keys`. */
export type AdminCreateServerApiKeyBody = {
  name: string
  owner_type: WalletOwnerType
  owner_id: string
  /** The storefront the key may be used from; null: any (a sales channel's own key defaults to it). */
  sales_channel_id?: string | null
  /** Empty: every module (models likewise). */
  allowed_modules?: string[]
  allowed_models?: string[]
  rate_limit_per_minute?: number | null
  monthly_credit_limit?: number | null
  /** ISO date-time, in the future. */
  expires_at?: string | null
}

export type AdminServerApiKeyListResponse = { api_keys: AdminServerApiKey[]; count: number; offset: number; limit: number }
/** The answer to creating a key: the only time its secret is shown. */
export type AdminCreateServerApiKeyResponse = { api_key: AdminServerApiKey; secret: string }
export type AdminServerApiKeyResponse = { api_key: AdminServerApiKey }

// ---- quota rules ----

/**
 * A quota rule as `GET /admin/ai-credits/quota-rules` lists it. Its scope is every field set of
 * module, sales channel, customer group, customer, plan and admin role (unset: any).
 */
export type AdminQuotaRule = {
  id: string
  name: string
  is_active: boolean
  module: string | null
  sales_channel_id: string | null
  customer_group_id: string | null
  customer_id: string | null
  plan_id: string | null
  admin_role: string | null
  per: QuotaCountedPer
  metric: QuotaMetric
  window: QuotaWindow
  /** A rolling window's length. */
  window_seconds: number | null
  limit: number
  action: QuotaAction
  created_at: WireDate
}

/** The body of `POST /admin/ai-credits/quota-rules`: a rule's fields, of which the name, metric, window and limit are required. */
export type AdminCreateQuotaRuleBody = Pick<AdminQuotaRule, "name" | "metric" | "window" | "limit"> &
  Partial<Omit<AdminQuotaRule, "id" | "created_at" | "name" | "metric" | "window" | "limit">>

// ---- alerts ----

/**
 * Whom an alert is about, as an admin recognises them: the owner of its wallet, or the caller a
 * quota refused (`data.subject`, `data.storefront`). `name` is a customer's full name, a group's,
 * storefront's or pool's name, an admin user's email; `storefront` is the sales channel's name (of
 * a storefront wallet, or of the publishable key visitors came through).
 */
export type AdminAlertOwner = {
  type: WalletOwnerType | "visitor" | "guest" | "user" | "api_key"
  id: string | null
  name: string | null
  email: string | null
  /** A customer's groups, by name. */
  groups: string[]
  storefront: string | null
}
