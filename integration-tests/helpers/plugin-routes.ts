import type { FieldKind } from "./hostile"

/**
 * Every store and admin route of the plugin, as the HTTP suites call them: who may call it, and
 * for POST routes the smallest valid body and the kind of each field (for hostile variants).
 * `hostile-input.spec.ts` checks this list against the route files in src/api.
 */

export type Who = "admin" | "store" | "customer"
export type Fixtures = { walletId: string; holdId: string; usageId: string; ruleId: string; packageId: string; adaId: string }

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

const page: Record<string, FieldKind> = { limit: "uint", offset: "uint", order: "enum", fields: "enum" }
const range: Record<string, FieldKind> = { from: "date", to: "date", tz: "enum", granularity: "enum", format: "enum" }
const usageFields: Record<string, FieldKind> = { usage: "usage", provider: "text", model: "text", output_type: "text", latency_ms: "uint" }

export const BODY_ROUTES: BodyRoute[] = [
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
    fields: { module: "module", ...usageFields, visitor_id: "text", conversation_id: "text", metadata: "record" },
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
    fields: { module: "module", model: "text", input: "input", stream: "bool", conversation_id: "text" },
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
    fields: { module: "module", model: "text", estimate: "usage", wallet_id: "ref", metadata: "record" },
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
    fields: { module: "module", model: "text", wallet_id: "ref", input: "input" },
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
]

/** Routes that read no body: only their path can be hostile. */
export const NO_BODY_ROUTES: NoBodyRoute[] = [
  { method: "POST", path: (f) => `/store/ai-credits/authorizations/${f.holdId}/release`, who: "customer" },
  { method: "POST", path: (f) => `/admin/ai-credits/authorizations/${f.holdId}/release`, who: "admin" },
  { method: "POST", path: () => "/admin/ai-credits/alerts/:id/resolve", who: "admin" },
  { method: "POST", path: () => "/admin/ai-credits/orders/:id/sync", who: "admin" },
  { method: "DELETE", path: (f) => `/admin/ai-credits/packages/${f.packageId}`, who: "admin" },
  { method: "DELETE", path: (f) => `/admin/ai-credits/quota-rules/${f.ruleId}`, who: "admin" },
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
]

/** `/admin/ai-credits/wallets/:id` style patterns of every route above, with their method. */
export function declaredRoutes(): string[] {
  const f: Fixtures = { walletId: ":id", holdId: ":id", usageId: ":id", ruleId: ":id", packageId: ":id", adaId: "" }
  return [...BODY_ROUTES, ...NO_BODY_ROUTES, ...QUERY_ROUTES].map((r) => `${r.method} ${r.path(f)}`)
}

