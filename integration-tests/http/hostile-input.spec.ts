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
import runBulkJobs from "../../src/jobs/run-ai-bulk-jobs"
import { FakeStripe, signStripePayload, startFakeStripe, fakeStripeEnv } from "../helpers/fake-stripe"
import { settle } from "../helpers/http"
import fc from "fast-check"
import {
  bodyWith,
  HOSTILE_IDS,
  HOSTILE_QUERY_VALUES,
  hostileBodies,
  ledgerSnapshot,
  LONE_SURROGATE_TEXTS,
  nestedArraysIn,
  nestedObjectsJson,
  OUT_OF_RANGE_DATES,
  rawRequest,
} from "../helpers/hostile"
import { invalidValueFor, queryValueFor } from "../helpers/hostile-arbitraries"
import {
  BODY_ROUTES,
  declaredRoutes,
  type Fixtures,
  fixturesOf,
  NO_BODY_ROUTES,
  QUERY_ROUTES,
  type Who,
} from "../helpers/plugin-routes"

jest.setTimeout(300_000)

const { port: STRIPE_PORT, webhookSecret: WEBHOOK_SECRET } = fakeStripeEnv("hostile_spec", 13)

/**
 * Every route of the plugin, fed input no client should send. Each answer must
 * be a 4xx in Medusa's error shape (`type` and `message` strings), never a 500, and the ledger
 * must be exactly as before. Routes come from src/api/ (a test below checks the list is complete).
 */

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
    let stripe: FakeStripe

    // A webhook call without a signature: the hostile body is refused whatever it holds.
    const headersFor = (who: Who): Record<string, string> =>
      ({ admin: admin.headers, customer: { ...pk.headers, ...ada.headers }, store: pk.headers, public: {}, webhook: {} })[who]

    beforeAll(async () => {
      stripe = await startFakeStripe({ port: STRIPE_PORT, webhookSecret: WEBHOOK_SECRET })
    })

    afterAll(async () => {
      await stripe.close()
    })
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
        { name: "fixture", metric: "requests", window: "day", limit: 1_000_000, action: "require_approval" },
        withHeaders(admin.headers)
      )
      const approval = await api.post("/store/ai-credits/approval-requests", { rule_id: rule.data.quota_rule.id, amount: 10 }, asAda)
      const assignment = await api.post(
        "/admin/ai-credits/roles/assignments",
        { user_id: admin.user.id, role: "ai_manager" },
        withHeaders(admin.headers)
      )
      // The store has no credit: the job pauses at its first batch and stays so (no balance moves later).
      const bulkJob = await api.post(
        "/admin/ai-credits/bulk-jobs",
        { name: "fixture", module: "seo", items: [{ prompt: "hello" }] },
        withHeaders(admin.headers)
      )
      for (let pass = 0; pass < 30; pass++) {
        await runBulkJobs(container)
        const job = await api.get(`/admin/ai-credits/bulk-jobs/${bulkJob.data.bulk_job.id}`, withHeaders(admin.headers))
        if (!["queued", "running"].includes(job.data.bulk_job.status)) {
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      const plan = await api.post(
        "/admin/ai-credits/plans",
        { code: "hostile-basic", name: "Basic", monthly_credits: 100, stripe_price_id: "price_hostile_basic" },
        withHeaders(admin.headers)
      )
      const invoicePlan = await api.post(
        "/admin/ai-credits/plans",
        { code: "hostile-contract", name: "Contract", monthly_credits: 100, billing: "invoice" },
        withHeaders(admin.headers)
      )
      // Ada subscribes (no credit until Stripe reports the invoice paid) and sets up auto top-up.
      await api.post("/store/ai-credits/subscriptions", { plan_id: plan.data.plan.id, payment_method_id: "pm_ada" }, asAda)
      await api.post(
        "/store/ai-credits/wallet/auto-top-up",
        { threshold: 1, package_id: pack.package_id, payment_method_id: "pm_ada" },
        asAda
      )
      fixtures = {
        planId: plan.data.plan.id,
        invoicePlanId: invoicePlan.data.plan.id,
        walletId: granted.data.balance.wallet_id,
        holdId: hold.data.authorization.id,
        usageId: usage.data.usage_event.id,
        ruleId: rule.data.quota_rule.id,
        packageId: pack.package_id,
        adaId: ada.customer.id,
        adminUserId: admin.user.id,
        approvalRequestId: approval.data.approval_request.id,
        bulkJobId: bulkJob.data.bulk_job.id,
        roleAssignmentId: assignment.data.role_assignment.id,
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

    it("answers lone surrogates, deep metadata and out-of-range dates with 400 invalid_data on every route", async () => {
      const before = await ledgerSnapshot(credits)
      const answers: string[] = []
      const expect400 = async (method: string, path: string, body: string | Record<string, unknown> | undefined, who: Who, what: string) => {
        const response = await rawRequest(port(), method, path, body, headersFor(who))
        if (response.status !== 400 || response.data?.type !== "invalid_data" || typeof response.data?.message !== "string") {
          answers.push(`${method} ${path} ${what} -> ${response.status} ${JSON.stringify(response.data)?.slice(0, 160)}`)
        }
      }
      for (const route of BODY_ROUTES.filter(({ who }) => who !== "webhook")) {
        const path = route.path(fixtures)
        const base = route.base(fixtures)
        await expect400(route.method, path, { ...base, [LONE_SURROGATE_TEXTS[0]]: 1 }, route.who, "a key with a lone surrogate")
        for (const [field, kind] of Object.entries(route.fields)) {
          if (["text", "ref", "module", "enum"].includes(kind)) {
            for (const text of LONE_SURROGATE_TEXTS) {
              await expect400(route.method, path, bodyWith(base, field, text), route.who, `${field}=${JSON.stringify(text)}`)
            }
          }
          if (kind === "record") {
            // Under the 100 KB body limit: 6,000 nested objects, 10,000 and 30,000 nested arrays.
            for (const value of [nestedObjectsJson(6_000), nestedArraysIn("a", 10_000), nestedArraysIn("a", 30_000)]) {
              await expect400(route.method, path, bodyWith(base, field, value), route.who, `${field}=${value.label}`)
            }
            await expect400(route.method, path, bodyWith(base, field, { note: LONE_SURROGATE_TEXTS[0] }), route.who, `${field}.note with a lone surrogate`)
          }
          if (kind === "date") {
            for (const date of OUT_OF_RANGE_DATES) {
              await expect400(route.method, path, bodyWith(base, field, date), route.who, `${field}=${date}`)
            }
          }
        }
      }
      for (const route of QUERY_ROUTES) {
        for (const [name, kind] of Object.entries(route.query).filter(([, kind]) => kind === "date")) {
          for (const date of OUT_OF_RANGE_DATES) {
            await expect400("GET", `${route.path(fixtures)}?${name}=${encodeURIComponent(date)}`, undefined, route.who, "")
          }
        }
        if (route.who !== "public") {
          await expect400("GET", `${route.path(fixtures)}?a.b.c=1`, undefined, route.who, "a query key three levels deep")
        }
      }
      // Dates that pass on their own but whose range, rounded out to whole hours or buckets, leaves year 9999.
      for (const path of ["/admin/ai-credits/analytics/overview", "/admin/ai-credits/analytics/usage", "/admin/ai-credits/analytics/roi"]) {
        for (const range of ["from=9999-12-31T00:00:00Z&to=9999-12-31T23:30:00Z", "from=9999-10-02T00:00:00Z&to=9999-12-15T00:00:00Z&granularity=month"]) {
          await expect400("GET", `${path}?${range}`, undefined, "admin", range)
        }
      }
      expect(answers).toEqual([])
      expect(await ledgerSnapshot(credits)).toEqual(before)
    })

    it("never answers fast-check's hostile bodies and queries with a 5xx, and no balance moves", async () => {
      const before = await ledgerSnapshot(credits)
      const seed = Number(process.env.FUZZ_SEED ?? 20_261_201)
      const routes = BODY_ROUTES.filter(({ who, fields }) => who !== "webhook" && Object.keys(fields).length)
      // One field invalid for its kind (so the route must refuse), a few others set to any JSON.
      const hostileRequest = fc.constantFrom(...routes).chain((route) =>
        fc.record({
          route: fc.constant(route),
          invalid: fc.constantFrom(...Object.entries(route.fields)).chain(([field, kind]) => fc.tuple(fc.constant(field), invalidValueFor(kind))),
          others: fc.dictionary(fc.constantFrom(...Object.keys(route.fields)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2, noNullPrototype: true }),
        })
      )
      await fc.assert(
        fc.asyncProperty(hostileRequest, async ({ route, invalid: [field, value], others }) => {
          const response = await rawRequest(port(), route.method, route.path(fixtures), bodyWith({ ...route.base(fixtures), ...others }, field, value), headersFor(route.who))
          const shaped = typeof response.data?.type === "string" && typeof response.data?.message === "string"
          if (response.status < 400 || response.status >= 500 || !shaped) {
            throw new Error(`${route.method} ${route.path(fixtures)} -> ${response.status} ${JSON.stringify(response.data)?.slice(0, 200)}`)
          }
        }),
        { numRuns: 120, seed }
      )

      const queryRoutes = QUERY_ROUTES.filter(({ query }) => Object.keys(query).length)
      const hostileQuery = fc.constantFrom(...queryRoutes).chain((route) =>
        fc.record({
          route: fc.constant(route),
          params: fc.array(
            fc.constantFrom(...Object.entries(route.query)).chain(([name, kind]) => fc.tuple(fc.constant(name), queryValueFor(kind))),
            { minLength: 1, maxLength: 3 }
          ),
        })
      )
      await fc.assert(
        fc.asyncProperty(hostileQuery, async ({ route, params }) => {
          const query = params.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join("&")
          const response = await rawRequest(port(), "GET", `${route.path(fixtures)}?${query}`, undefined, headersFor(route.who))
          if (response.status >= 500) {
            throw new Error(`GET ${route.path(fixtures)}?${query} -> ${response.status} ${JSON.stringify(response.data)?.slice(0, 200)}`)
          }
        }),
        { numRuns: 80, seed }
      )
      expect(await ledgerSnapshot(credits)).toEqual(before)
    })

    it("refuses webhook deliveries with a bad signature, and malformed signed events, never with a 500", async () => {
      const before = await ledgerSnapshot(credits)
      const asAda = headersFor("customer")
      const subscriptionBefore = (await rawRequest(port(), "GET", "/store/ai-credits/subscription", undefined, asAda)).data
      const webhook = BODY_ROUTES.find((route) => route.who === "webhook")!
      const path = webhook.path(fixtures)
      const deliver = (payload: string, signature: string) => rawRequest(port(), "POST", path, payload, { "stripe-signature": signature })
      const basePayload = JSON.stringify(webhook.base(fixtures))

      for (const { label, body } of hostileBodies(webhook.base(fixtures), webhook.fields)) {
        const payload = typeof body === "string" ? body : JSON.stringify(body)
        for (const [how, signature] of [
          ["signed with another secret", signStripePayload(payload, "whsec_not_ours")],
          ["signed over another body", signStripePayload(basePayload, WEBHOOK_SECRET)],
          ["a garbage signature", "t=1,v1=deadbeef"],
        ]) {
          const response = await deliver(payload, signature)
          // Too large a body (over the JSON parser's 100 KB) is refused (413) before its signature is read.
          if (response.status !== (Buffer.byteLength(payload) > 100 * 1024 ? 413 : 400)) {
            notRefused.push(`${label} ${how} -> ${response.status} ${JSON.stringify(response.data)?.slice(0, 200)}`)
          }
        }
        // Validly signed: refused (4xx), or acknowledged and ignored (not about a subscription of ours).
        const signed = await deliver(payload, signStripePayload(payload, WEBHOOK_SECRET))
        if (!(signed.status === 200 && ["ignored", "duplicate"].includes(signed.data?.outcome))) {
          expectRefusal(signed, `validly signed ${label}`)
        }
      }

      // Validly signed events about Ada's subscription, with the fields the plugin reads broken.
      const { data } = await rawRequest(port(), "GET", `/admin/ai-credits/subscriptions?customer_id=${ada.customer.id}`, undefined, admin.headers)
      const sub = data.subscriptions[0].stripe_subscription_id as string
      const invoice = (lines: unknown) => ({ id: "in_broken", object: "invoice", amount_paid: 100, parent: { subscription_details: { subscription: sub } }, lines })
      const broken: [string, Record<string, unknown>][] = [
        ["invoice.paid", invoice(undefined)],
        ["invoice.paid", invoice({ data: "x" })],
        ["invoice.paid", invoice({ data: [{ period: { start: "soon", end: 2 } }] })],
        ["invoice.paid", invoice({ data: [{ period: { start: 1e308, end: 1e308 } }] })],
        ["customer.subscription.updated", { id: sub, object: "subscription", status: "active" }],
        ["customer.subscription.updated", { id: sub, object: "subscription", status: 42, items: { data: [] } }],
        ["customer.subscription.updated", { id: sub, object: "subscription", status: "active", items: { data: [{ price: "x" }] }, cancel_at_period_end: "yes" }],
        ["customer.subscription.deleted", { id: sub, object: "subscription", ended_at: "yesterday" }],
        ["customer.subscription.deleted", { id: sub, object: "subscription", ended_at: 1e308 }],
        ["customer.subscription.deleted", { id: 42, object: "subscription" }],
      ]
      for (const [index, [type, object]] of broken.entries()) {
        const event = stripe.event(type, object, { id: `evt_broken_${index}` })
        const response = await deliver(event.body, event.headers["stripe-signature"])
        expectRefusal(response, `${type} ${JSON.stringify(object).slice(0, 120)}`)
      }

      expect(await ledgerSnapshot(credits)).toEqual(before)
      expect((await rawRequest(port(), "GET", "/store/ai-credits/subscription", undefined, asAda)).data).toEqual(subscriptionBefore)
    })

    it("refuses malformed JSON and hostile ids on routes without a body", async () => {
      const before = await ledgerSnapshot(credits)
      for (const route of NO_BODY_ROUTES) {
        const malformed = await rawRequest(port(), route.method, route.path(fixtures), '{"oops": ', headersFor(route.who))
        expectRefusal(malformed, `${route.method} ${route.path(fixtures)} malformed JSON`)
        for (const id of HOSTILE_IDS) {
          const path = route.path(fixturesOf(id)).replace(":id", id)
          const response = await rawRequest(port(), route.method, path, undefined, headersFor(route.who))
          expectRefusal(response, `${route.method} ${path}`)
        }
      }
      expect(await ledgerSnapshot(credits)).toEqual(before)
    })

    it("refuses hostile ids in the path of every read route, and hostile query values", async () => {
      const before = await ledgerSnapshot(credits)
      for (const route of QUERY_ROUTES) {
        const template = route.path(fixturesOf(":id"))
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

    it("refuses an oversized Idempotency-Key and ignores an oversized visitor id", async () => {
      const before = await ledgerSnapshot(credits)
      const asAda = headersFor("customer")
      const body = { module: "chatbot", usage: { input_tokens: 1 } }
      for (const path of ["/store/ai-credits/usage", "/store/ai-credits/authorizations", "/admin/ai-credits/adjustments"]) {
        const headers = path.startsWith("/admin") ? admin.headers : asAda
        const payload = path.startsWith("/admin")
          ? { owner_type: "customer", owner_id: ada.customer.id, amount: 1, reason: "x" }
          : path.endsWith("usage")
            ? body
            : { module: "chatbot" }
        expectRefusal(
          await rawRequest(port(), "POST", path, payload, { ...headers, "idempotency-key": "k".repeat(5_000) }),
          `POST ${path} with a 5,000-character Idempotency-Key`
        )
      }
      expect(await ledgerSnapshot(credits)).toEqual(before)

      // A visitor id over 128 characters is not used as one (the customer is the caller anyway).
      const visitor = await rawRequest(port(), "GET", "/store/ai-credits/pricing", undefined, { ...pk.headers, "x-visitor-id": "v".repeat(5_000) })
      expect(visitor.status).toEqual(200)
    })

    it("answers a body over the size limit with 413 in Medusa's error shape, and changes nothing", async () => {
      const before = await ledgerSnapshot(credits)
      const huge = { module: "chatbot", metadata: { note: "x".repeat(200 * 1024) } }
      for (const [path, headers] of [
        ["/store/ai-credits/authorizations", headersFor("customer")],
        ["/admin/ai-credits/adjustments", admin.headers],
      ] as const) {
        const response = await rawRequest(port(), "POST", path, huge, headers)
        expect(response.status).toEqual(413)
        expect(response.data).toEqual({ type: "invalid_data", message: "The request body is larger than the 100 KB this route accepts" })
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
