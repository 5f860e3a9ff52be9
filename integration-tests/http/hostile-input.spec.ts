import fs from "fs"
import nodePath from "path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureCreditPack, ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import {
  AdminAuth,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  CustomerAuth,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"
import { settle } from "../helpers/http"
import { HOSTILE_IDS, HOSTILE_QUERY_VALUES, hostileBodies, ledgerSnapshot, rawRequest, type FieldKind } from "../helpers/hostile"

jest.setTimeout(300_000)

/**
 * Every store and admin route of the plugin, fed input no client should send. Each answer must
 * be a 4xx in Medusa's error shape (`type` and `message` strings), never a 500, and the ledger
 * must be exactly as before. Routes come from src/api/ (a test below checks the list is complete).
 */

type Who = "admin" | "store" | "customer"
type Fixtures = { walletId: string; holdId: string; usageId: string; ruleId: string; packageId: string; adaId: string }

type BodyRoute = {
  method: "POST"
  path: (f: Fixtures) => string
  who: Who
  /** The smallest valid body; each hostile variant breaks it in one place. */
  base: (f: Fixtures) => Record<string, unknown>
  fields: Record<string, FieldKind>
}
type NoBodyRoute = { method: "POST" | "DELETE"; path: (f: Fixtures) => string; who: Who }
type QueryRoute = { method: "GET"; path: (f: Fixtures) => string; who: Who; query: Record<string, FieldKind> }

const page: Record<string, FieldKind> = { limit: "uint", offset: "uint", order: "enum", fields: "enum" }
const range: Record<string, FieldKind> = { from: "date", to: "date", tz: "enum", granularity: "enum", format: "enum" }
const usageFields: Record<string, FieldKind> = { usage: "usage", provider: "text", model: "text", output_type: "text", latency_ms: "uint" }

const BODY_ROUTES: BodyRoute[] = [
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
const NO_BODY_ROUTES: NoBodyRoute[] = [
  { method: "POST", path: (f) => `/store/ai-credits/authorizations/${f.holdId}/release`, who: "customer" },
  { method: "POST", path: (f) => `/admin/ai-credits/authorizations/${f.holdId}/release`, who: "admin" },
  { method: "POST", path: () => "/admin/ai-credits/alerts/:id/resolve", who: "admin" },
  { method: "POST", path: () => "/admin/ai-credits/orders/:id/sync", who: "admin" },
  { method: "DELETE", path: (f) => `/admin/ai-credits/packages/${f.packageId}`, who: "admin" },
  { method: "DELETE", path: (f) => `/admin/ai-credits/quota-rules/${f.ruleId}`, who: "admin" },
]

const QUERY_ROUTES: QueryRoute[] = [
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
function declaredRoutes(): string[] {
  const f: Fixtures = { walletId: ":id", holdId: ":id", usageId: ":id", ruleId: ":id", packageId: ":id", adaId: "" }
  return [...BODY_ROUTES, ...NO_BODY_ROUTES, ...QUERY_ROUTES].map((r) => `${r.method} ${r.path(f)}`)
}

/** What was not refused as it should be, one line each: the test lists them all at once. */
let notRefused: string[] = []

const expectRefusal = (response: { status: number; data: any }, what: string) => {
  const shaped = typeof response.data?.type === "string" && typeof response.data?.message === "string"
  if (response.status < 400 || response.status >= 500 || !shaped) {
    notRefused.push(`${what} -> ${response.status} ${JSON.stringify(response.data)?.slice(0, 200)}`)
  }
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let credits: AiCreditsModuleService
    let fixtures: Fixtures

    const headersFor = (who: Who): Record<string, string> =>
      who === "admin" ? admin.headers : who === "customer" ? { ...pk.headers, ...ada.headers } : pk.headers
    const port = () => Number(new URL(api.defaults.baseURL).port)

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com" })
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
      const pack = await ensureCreditPack(container, {
        title: "Hostile pack",
        handle: "hostile-pack",
        credits: 100,
        usd: 5,
        salesChannelIds: [pk.salesChannel.id],
      })

      const asAda = withHeaders(pk.headers, ada.headers)
      const granted = await api.post(
        "/admin/ai-credits/adjustments",
        { owner_type: "customer", owner_id: ada.customer.id, amount: 1_000, reason: "fixture" },
        withHeaders(admin.headers)
      )
      const usage = await api.post("/store/ai-credits/usage", { module: "chatbot", usage: { input_tokens: 100, output_tokens: 100 } }, withHeaders(asAda, { "idempotency-key": "fixture-usage" }))
      const hold = await api.post("/store/ai-credits/authorizations", { module: "chatbot" }, asAda)
      const rule = await api.post(
        "/admin/ai-credits/quota-rules",
        { name: "fixture", metric: "requests", window: "day", limit: 1_000_000 },
        withHeaders(admin.headers)
      )
      fixtures = {
        walletId: granted.data.balance.wallet_id,
        holdId: hold.data.authorization.id,
        usageId: usage.data.usage_event.id,
        ruleId: rule.data.quota_rule.id,
        packageId: pack.package_id,
        adaId: ada.customer.id,
      }
    })

    afterEach(async () => {
      const failures = notRefused
      notRefused = []
      expect(failures).toEqual([])
      expect(await credits.reconcileWallets()).toEqual([])
    })

    it("lists every route of src/api", async () => {
      const root = nodePath.join(__dirname, "../../src/api")
      const found: string[] = []
      for (const file of fs.readdirSync(root, { recursive: true }) as string[]) {
        if (!file.endsWith("route.ts")) {
          continue
        }
        const source = fs.readFileSync(nodePath.join(root, file), "utf8")
        const route = "/" + file.replace(/\/route\.ts$/, "").replace(/\[(\w+)\]/g, ":$1")
        for (const [, method] of source.matchAll(/export (?:const|async function) (GET|POST|DELETE)\b/g)) {
          found.push(`${method} ${route}`)
        }
      }
      expect(found.length).toBeGreaterThan(30)
      expect([...new Set(declaredRoutes())].sort()).toEqual([...new Set(found)].sort())
    })

    it("refuses hostile bodies on every POST route with a 4xx and changes no balance", async () => {
      const before = await ledgerSnapshot(credits)
      for (const route of BODY_ROUTES) {
        const path = route.path(fixtures)
        for (const { label, body } of hostileBodies(route.base(fixtures), route.fields)) {
          const response = await rawRequest(port(), route.method, path, body, headersFor(route.who))
          expectRefusal(response, `${route.method} ${path} ${label}`)
        }
      }
      expect(await ledgerSnapshot(credits)).toEqual(before)
      // The server runs in this process: a polluted prototype would show here.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })

    it("refuses malformed JSON and hostile ids on routes without a body", async () => {
      const before = await ledgerSnapshot(credits)
      for (const route of NO_BODY_ROUTES) {
        const malformed = await rawRequest(port(), route.method, route.path(fixtures), '{"oops": ', headersFor(route.who))
        expectRefusal(malformed, `${route.method} ${route.path(fixtures)} malformed JSON`)
        for (const id of HOSTILE_IDS) {
          const path = route.path({ walletId: id, holdId: id, usageId: id, ruleId: id, packageId: id, adaId: id }).replace(":id", id)
          const response = await rawRequest(port(), route.method, path, undefined, headersFor(route.who))
          expectRefusal(response, `${route.method} ${path}`)
        }
      }
      expect(await ledgerSnapshot(credits)).toEqual(before)
    })

    it("refuses hostile ids in the path of every read route, and hostile query values", async () => {
      const before = await ledgerSnapshot(credits)
      for (const route of QUERY_ROUTES) {
        const template = route.path({ walletId: ":id", holdId: ":id", usageId: ":id", ruleId: ":id", packageId: ":id", adaId: "" })
        if (template.includes(":id")) {
          for (const id of HOSTILE_IDS) {
            const path = template.replace(":id", id)
            expectRefusal(await rawRequest(port(), "GET", path, undefined, headersFor(route.who)), `GET ${path}`)
          }
        }
        const path = route.path(fixtures)
        for (const [name, kind] of Object.entries(route.query)) {
          for (const value of HOSTILE_QUERY_VALUES[kind] ?? []) {
            const url = `${path}?${encodeURIComponent(name)}=${encodeURIComponent(value)}`
            expectRefusal(await rawRequest(port(), "GET", url, undefined, headersFor(route.who)), `GET ${url}`)
          }
        }
      }
      expect(await ledgerSnapshot(credits)).toEqual(before)
    })

    it("keeps injection-shaped and unicode text verbatim where free text is allowed", async () => {
      const texts = ["'); DROP TABLE ai_credit_ledger_entry; --", "<script>alert(1)</script>", "Ünïcödé 🤖 语言 \u202e"]
      for (const reason of texts) {
        const response = await settle(
          api.post(
            "/admin/ai-credits/adjustments",
            { owner_type: "customer", owner_id: ada.customer.id, amount: 1, reason },
            withHeaders(admin.headers)
          )
        )
        expect(response.status).toEqual(201)
      }
      const ledger = await api.get(`/admin/ai-credits/wallets/${fixtures.walletId}/ledger?limit=3`, withHeaders(admin.headers))
      expect(ledger.data.ledger_entries.map((e: { reason: string }) => e.reason).sort()).toEqual([...texts].sort())

      const filtered = await api.get(
        `/admin/ai-credits/wallets?owner_id=${encodeURIComponent("' OR '1'='1")}`,
        withHeaders(admin.headers)
      )
      expect(filtered.data.count).toEqual(0)
    })
  },
})
