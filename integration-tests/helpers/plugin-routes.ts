import type { FieldKind } from "./hostile"

/**
 * Every route of src/api, as the HTTP suites call them: who may call it, and for POST routes the
 * smallest valid body and the kind of each field (for hostile variants). `hostile-input.spec.ts`
 * checks this list against the route files in src/api. A new route goes in the list of its kind
 * (body, no body, query); a new fixture id goes in `Fixtures`, `fixturesOf` and both suites' setup.
 */

/**
 * `public`: no key nor session (the demo page); `store`: a publishable key; `customer`: a key and a
 * customer's token; `webhook`: Stripe, trusted only through the `Stripe-Signature` header.
 */
export type Who = "admin" | "store" | "customer" | "public" | "webhook"

/** Ids of records the fixture setup creates, for paths and bodies. */
export type Fixtures = {
  walletId: string
  holdId: string
  usageId: string
  /** A `require_approval` quota rule, so approval requests can be opened against it. */
  ruleId: string
  packageId: string
  adaId: string
  adminUserId: string
  approvalRequestId: string
  bulkJobId: string
  roleAssignmentId: string
  /** A plan sold through Stripe. */
  planId: string
  /** A plan invoiced outside Stripe (an enterprise contract). */
  invoicePlanId: string
}

/** Fixtures whose every id is `id`: for route patterns (`:id`) and hostile ids. */
export const fixturesOf = (id: string): Fixtures => ({
  walletId: id,
  holdId: id,
  usageId: id,
  ruleId: id,
  packageId: id,
  adaId: id,
  adminUserId: id,
  approvalRequestId: id,
  bulkJobId: id,
  roleAssignmentId: id,
  planId: id,
  invoicePlanId: id,
})

export type BodyRoute = {
  method: "POST"
  path: (f: Fixtures) => string
  who: Who
  /** The smallest valid body; each hostile variant breaks it in one place. */
  base: (f: Fixtures) => Record<string, unknown>
  fields: Record<string, FieldKind>
}
export type NoBodyRoute = { method: "POST" | "DELETE"; path: (f: Fixtures) => string; who: Who }
export type QueryRoute = { method: "GET"; path: (f: Fixtures) => string; who: Who; query: Record<string, FieldKind> }

/** One route for the tables below; each area (core, governance, ...) adds its own list. */
export type PluginRoute = BodyRoute | NoBodyRoute | QueryRoute

const page: Record<string, FieldKind> = { limit: "uint", offset: "uint", order: "enum", fields: "enum" }
const range: Record<string, FieldKind> = { from: "date", to: "date", tz: "enum", granularity: "enum", format: "enum" }
const planFields: Record<string, FieldKind> = {
  name: "text",
  description: "text",
  monthly_credits: "uint",
  rollover_policy: "enum",
  rollover_cap: "uint",
  rollover_expiry_days: "uint",
  module_allowances: "record",
  rate_limit_tier: "text",
  alert_thresholds: "modules",
  stripe_price_id: "text",
  price_amount: "decimal",
  currency_code: "enum",
  trial_days: "uint",
  trial_credits: "uint",
  past_due_fallback: "record",
  is_active: "bool",
  rank: "int",
}
const autoTopUpFields: Record<string, FieldKind> = {
  enabled: "bool",
  threshold: "uint",
  package_id: "ref",
  target_balance: "uint",
  max_per_month: "uint",
  monthly_amount_limit: "decimal",
  day_of_month: "uint",
}
const usageFields: Record<string, FieldKind> = { usage: "usage", provider: "text", model: "text", output_type: "text", latency_ms: "uint" }

export const BODY_ROUTES: BodyRoute[] = [
  {
    method: "POST",
    path: () => "/admin/ai-credits/api-keys",
    who: "admin",
    base: (f) => ({ name: "backend", owner_type: "customer", owner_id: f.adaId }),
    fields: {
      name: "text",
      owner_type: "enum",
      owner_id: "ref",
      sales_channel_id: "ref",
      allowed_modules: "modules",
      allowed_models: "modules",
      rate_limit_per_minute: "uint",
      monthly_credit_limit: "uint",
      expires_at: "date",
    },
  },
  {
    method: "POST",
    path: () => "/store/ai-credits/authorizations",
    who: "customer",
    base: () => ({ module: "chatbot" }),
    fields: { module: "module", action: "text", model: "text", estimate: "usage", visitor_id: "text", cart_id: "text", conversation_id: "text", metadata: "record" },
  },
  {
    method: "POST",
    path: (f) => `/store/ai-credits/authorizations/${f.holdId}/capture`,
    who: "customer",
    base: () => ({ usage: { input_tokens: 1 } }),
    fields: usageFields,
  },
  {
    method: "POST",
    path: () => "/store/ai-credits/usage",
    who: "customer",
    base: () => ({ module: "chatbot", usage: { input_tokens: 1 } }),
    fields: { module: "module", action: "text", ...usageFields, visitor_id: "text", cart_id: "text", conversation_id: "text", metadata: "record" },
  },
  {
    method: "POST",
    path: (f) => `/store/ai-credits/usage/${f.usageId}/reject`,
    who: "customer",
    base: () => ({ reason: "bad answer" }),
    fields: { reason: "text" },
  },
  {
    method: "POST",
    path: () => "/store/ai-credits/invoke",
    who: "customer",
    base: () => ({ module: "chatbot", input: { prompt: "hello" } }),
    fields: { module: "module", model: "text", action: "text", input: "input", stream: "bool", visitor_id: "text", cart_id: "text", conversation_id: "text", metadata: "record" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/adjustments",
    who: "admin",
    base: (f) => ({ owner_type: "customer", owner_id: f.adaId, amount: 5, reason: "goodwill" }),
    fields: { owner_type: "enum", owner_id: "ref", amount: "int", reason: "text", expires_at: "date", modules: "modules", grant_id: "ref" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/wallets/${f.walletId}`,
    who: "admin",
    base: () => ({ overage_limit: 0 }),
    fields: {
      name: "text",
      overage_limit: "uint",
      max_hold_credits: "uint",
      monthly_spend_cap: "uint",
      monthly_cost_cap: "decimal",
      monthly_cap_action: "enum",
      alert_thresholds: "modules",
      low_balance_threshold: "uint",
      metadata: "record",
    },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/wallets/${f.walletId}/allocations`,
    who: "admin",
    base: () => ({ sales_channel_id: "sc_none", amount: 1, reason: "share" }),
    fields: { sales_channel_id: "ref", amount: "uint", reason: "text" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/wallets/${f.walletId}/pool-members`,
    who: "admin",
    base: () => ({ sales_channel_id: "sc_none" }),
    fields: { sales_channel_id: "ref", allocation_cap: "uint" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/authorizations",
    who: "admin",
    base: () => ({ module: "seo" }),
    fields: { module: "module", action: "text", model: "text", estimate: "usage", wallet_id: "ref", metadata: "record" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/authorizations/${f.holdId}/capture`,
    who: "admin",
    base: () => ({ usage: { input_tokens: 1 } }),
    fields: usageFields,
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/invoke",
    who: "admin",
    base: () => ({ module: "seo", input: { prompt: "hello" } }),
    fields: { module: "module", model: "text", action: "text", wallet_id: "ref", input: "input" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/prices",
    who: "admin",
    base: () => ({ provider: "local", model: "gpt-4o-mini", credits_per_request: "1" }),
    fields: { provider: "enum", model: "text", scope_type: "enum", credits_per_1k_input_tokens: "decimal", credits_per_request: "decimal", cost_per_request: "decimal", currency_code: "enum" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/usage/${f.usageId}/refund`,
    who: "admin",
    base: () => ({ reason: "refund" }),
    fields: { reason: "text" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/quota-rules",
    who: "admin",
    base: () => ({ name: "r", metric: "requests", window: "minute", limit: 1 }),
    fields: { name: "text", is_active: "bool", module: "module", per: "enum", metric: "enum", window: "enum", window_seconds: "uint", limit: "uint", action: "enum" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/quota-rules/${f.ruleId}`,
    who: "admin",
    base: () => ({ limit: 5 }),
    fields: { name: "text", is_active: "bool", module: "module", metric: "enum", window: "enum", limit: "uint" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/packages",
    who: "admin",
    base: () => ({ variant_id: "variant_none", credits: 10 }),
    fields: { variant_id: "ref", credits: "uint", title: "text", kind: "enum", validity_days: "uint", fills: "enum", modules: "modules", is_active: "bool", rank: "int", metadata: "record" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/packages/${f.packageId}`,
    who: "admin",
    base: () => ({ rank: 1 }),
    fields: { credits: "uint", title: "text", kind: "enum", validity_days: "uint", fills: "enum", modules: "modules", is_active: "bool", rank: "int" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/analytics/roi/settings",
    who: "admin",
    base: () => ({ attribution_window_days: 7 }),
    fields: { minutes_saved_per_item: "decimal", hourly_rate: "decimal", currency_code: "enum", automation_modules: "modules", attribution_window_days: "uint" },
  },
  // Governance: approvals, roles, module access, bulk jobs.
  {
    method: "POST",
    path: () => "/store/ai-credits/approval-requests",
    who: "customer",
    base: (f) => ({ rule_id: f.ruleId, amount: 1 }),
    fields: { rule_id: "ref", amount: "uint", reason: "text" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/approval-requests",
    who: "admin",
    base: (f) => ({ rule_id: f.ruleId, amount: 1 }),
    fields: { rule_id: "ref", amount: "uint", reason: "text" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/approval-requests/${f.approvalRequestId}/approve`,
    who: "admin",
    base: () => ({}),
    fields: { amount: "uint", expires_at: "date", duration_seconds: "uint", note: "text" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/approval-requests/${f.approvalRequestId}/reject`,
    who: "admin",
    base: () => ({ reason: "no" }),
    fields: { reason: "text" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/roles/assignments",
    who: "admin",
    base: (f) => ({ user_id: f.adminUserId, role: "ai_manager" }),
    fields: { user_id: "ref", role: "enum" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/module-access",
    who: "admin",
    base: () => ({ module: "content", scope: "requests", roles: [] }),
    fields: { module: "module", scope: "enum", roles: "modules" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/bulk-jobs/quote",
    who: "admin",
    base: () => ({ module: "seo", items: [{ prompt: "x" }] }),
    fields: { module: "module", items: "items" },
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/bulk-jobs",
    who: "admin",
    base: () => ({ name: "n", module: "seo", items: [{ prompt: "x" }] }),
    fields: { name: "text", module: "module", items: "items", batch_size: "uint", items_per_hour: "uint", wallet_id: "ref" },
  },
  // Billing: plans, subscriptions, auto top-up, the Stripe webhook.
  {
    method: "POST",
    path: () => "/admin/ai-credits/plans",
    who: "admin",
    base: () => ({ code: "hostile", name: "Hostile", monthly_credits: 1, stripe_price_id: "price_hostile" }),
    fields: { code: "enum", billing: "enum", ...planFields },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/plans/${f.planId}`,
    who: "admin",
    base: () => ({ rank: 1 }),
    fields: planFields,
  },
  {
    method: "POST",
    path: () => "/admin/ai-credits/subscriptions",
    who: "admin",
    base: (f) => ({ customer_id: f.adaId, plan_id: f.invoicePlanId }),
    fields: { customer_id: "ref", plan_id: "ref", period_start: "date" },
  },
  {
    method: "POST",
    path: (f) => `/admin/ai-credits/wallets/${f.walletId}/auto-top-up`,
    who: "admin",
    base: () => ({ enabled: true }),
    fields: autoTopUpFields,
  },
  {
    method: "POST",
    path: () => "/store/ai-credits/subscriptions",
    who: "customer",
    base: (f) => ({ plan_id: f.planId }),
    fields: { plan_id: "ref", payment_method_id: "ref" },
  },
  {
    method: "POST",
    path: () => "/store/ai-credits/wallet/auto-top-up",
    who: "customer",
    base: (f) => ({ threshold: 1, package_id: f.packageId, payment_method_id: "pm_hostile" }),
    fields: { ...autoTopUpFields, currency_code: "enum", payment_method_id: "ref" },
  },
  {
    // A Stripe event about a subscription that is not ours: harmless when signed (ignored).
    method: "POST",
    path: () => "/hooks/ai-credits/stripe",
    who: "webhook",
    base: () => ({
      id: "evt_hostile",
      object: "event",
      type: "invoice.paid",
      created: 1_790_000_000,
      data: { object: { id: "in_hostile", object: "invoice", parent: { subscription_details: { subscription: "sub_not_ours" } } } },
    }),
    fields: { id: "ref", type: "enum", created: "uint", data: "record" },
  },
]

/** Routes that read no body: only their path can be hostile. */
export const NO_BODY_ROUTES: NoBodyRoute[] = [
  { method: "POST", path: (f) => `/store/ai-credits/authorizations/${f.holdId}/release`, who: "customer" },
  { method: "POST", path: (f) => `/admin/ai-credits/authorizations/${f.holdId}/release`, who: "admin" },
  { method: "POST", path: () => "/admin/ai-credits/alerts/:id/resolve", who: "admin" },
  { method: "POST", path: () => "/admin/ai-credits/orders/:id/sync", who: "admin" },
  { method: "DELETE", path: (f) => `/admin/ai-credits/packages/${f.packageId}`, who: "admin" },
  { method: "DELETE", path: (f) => `/admin/ai-credits/quota-rules/${f.ruleId}`, who: "admin" },
  { method: "DELETE", path: (f) => `/admin/ai-credits/roles/assignments/${f.roleAssignmentId}`, who: "admin" },
  { method: "POST", path: (f) => `/admin/ai-credits/bulk-jobs/${f.bulkJobId}/cancel`, who: "admin" },
  { method: "POST", path: (f) => `/admin/ai-credits/bulk-jobs/${f.bulkJobId}/resume`, who: "admin" },
  { method: "POST", path: () => "/admin/ai-credits/api-keys/:id/revoke", who: "admin" },
]

export const QUERY_ROUTES: QueryRoute[] = [
  { method: "GET", path: () => "/store/ai-credits/usage", who: "customer", query: page },
  { method: "GET", path: () => "/store/ai-credits/wallet", who: "customer", query: {} },
  { method: "GET", path: () => "/store/ai-credits/pricing", who: "store", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/wallets", who: "admin", query: { ...page, owner_type: "enum" } },
  { method: "GET", path: (f) => `/admin/ai-credits/wallets/${f.walletId}`, who: "admin", query: {} },
  { method: "GET", path: (f) => `/admin/ai-credits/wallets/${f.walletId}/ledger`, who: "admin", query: page },
  { method: "GET", path: (f) => `/admin/ai-credits/wallets/${f.walletId}/pool-members`, who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/prices", who: "admin", query: { ...page, include_superseded: "enum" } },
  { method: "GET", path: () => "/admin/ai-credits/alerts", who: "admin", query: { ...page, status: "enum" } },
  { method: "GET", path: () => "/admin/ai-credits/usage", who: "admin", query: { ...page, module: "module" } },
  { method: "GET", path: () => "/admin/ai-credits/quota-rules", who: "admin", query: { ...page, is_active: "enum" } },
  { method: "GET", path: (f) => `/admin/ai-credits/quota-rules/${f.ruleId}`, who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/packages", who: "admin", query: { ...page, kind: "enum", is_active: "enum" } },
  { method: "GET", path: (f) => `/admin/ai-credits/packages/${f.packageId}`, who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/modules", who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/orders/:id", who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/analytics/overview", who: "admin", query: { ...range, limit: "uint", section: "enum" } },
  { method: "GET", path: () => "/admin/ai-credits/analytics/usage", who: "admin", query: { ...range, group_by: "enum", limit: "uint" } },
  { method: "GET", path: () => "/admin/ai-credits/analytics/roi", who: "admin", query: range },
  { method: "GET", path: () => "/admin/ai-credits/analytics/roi/settings", who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/analytics/status", who: "admin", query: {} },
  { method: "GET", path: () => "/store/ai-credits/approval-requests", who: "customer", query: { ...page, status: "enum" } },
  { method: "GET", path: () => "/admin/ai-credits/approval-requests", who: "admin", query: { ...page, status: "enum" } },
  { method: "GET", path: (f) => `/admin/ai-credits/approval-requests/${f.approvalRequestId}`, who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/roles", who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/roles/assignments", who: "admin", query: { ...page, user_id: "ref", role: "enum" } },
  { method: "GET", path: () => "/admin/ai-credits/module-access", who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/bulk-jobs", who: "admin", query: { ...page, status: "enum", module: "module" } },
  { method: "GET", path: (f) => `/admin/ai-credits/bulk-jobs/${f.bulkJobId}`, who: "admin", query: {} },
  { method: "GET", path: (f) => `/admin/ai-credits/bulk-jobs/${f.bulkJobId}/items`, who: "admin", query: { ...page, status: "enum" } },
  { method: "GET", path: () => "/admin/ai-credits/plans", who: "admin", query: { ...page, is_active: "enum" } },
  { method: "GET", path: (f) => `/admin/ai-credits/plans/${f.planId}`, who: "admin", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/subscriptions", who: "admin", query: { ...page, status: "enum", customer_id: "ref", plan_id: "ref" } },
  { method: "GET", path: (f) => `/admin/ai-credits/wallets/${f.walletId}/auto-top-up`, who: "admin", query: {} },
  { method: "GET", path: () => "/store/ai-credits/plans", who: "store", query: {} },
  { method: "GET", path: () => "/store/ai-credits/subscription", who: "customer", query: {} },
  { method: "GET", path: () => "/store/ai-credits/wallet/auto-top-up", who: "customer", query: {} },
  { method: "GET", path: () => "/admin/ai-credits/api-keys", who: "admin", query: { ...page, owner_type: "enum", owner_id: "ref" } },
  // The demo storefront (this repository only): a page and its script, for anyone.
  { method: "GET", path: () => "/ai-credits-demo", who: "public", query: {} },
  { method: "GET", path: () => "/ai-credits-demo/script", who: "public", query: {} },
]

/**
 * The OpenAI-compatible endpoints (`/v1`): they answer errors in OpenAI's shape, not Medusa's, so
 * the hostile-input and authorization suites (which expect Medusa's `{ type, message }`) leave them
 * to openai-compatible.spec.ts; they are listed so that every route file is accounted for.
 */
const chatBody = () => ({ model: "chatbot", messages: [{ role: "user", content: "hello" }] })
const embeddingsBody = () => ({ model: "search", input: "hello" })
export const OPENAI_ROUTES: PluginRoute[] = [
  { method: "GET", path: () => "/store/ai-credits/v1/models", who: "store", query: {} },
  { method: "POST", path: () => "/store/ai-credits/v1/chat/completions", who: "customer", base: chatBody, fields: {} },
  { method: "POST", path: () => "/store/ai-credits/v1/embeddings", who: "customer", base: embeddingsBody, fields: {} },
  { method: "GET", path: () => "/admin/ai-credits/v1/models", who: "admin", query: {} },
  { method: "POST", path: () => "/admin/ai-credits/v1/chat/completions", who: "admin", base: chatBody, fields: {} },
  { method: "POST", path: () => "/admin/ai-credits/v1/embeddings", who: "admin", base: embeddingsBody, fields: {} },
]

export const ALL_ROUTES: PluginRoute[] = [...BODY_ROUTES, ...NO_BODY_ROUTES, ...QUERY_ROUTES]

/** `/admin/ai-credits/wallets/:id` style patterns of every route above, with their method. */
export function declaredRoutes(): string[] {
  return [...ALL_ROUTES, ...OPENAI_ROUTES].map((r) => `${r.method} ${r.path(fixturesOf(":id"))}`)
}

