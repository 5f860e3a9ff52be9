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
import { FakeStripe, signStripePayload, startFakeStripe, fakeStripeEnv } from "../helpers/fake-stripe"
import { ledgerSnapshot, rawRequest } from "../helpers/hostile"
import { ALL_ROUTES, type Fixtures } from "../helpers/plugin-routes"

jest.setTimeout(180_000)

const { port: STRIPE_PORT, webhookSecret: WEBHOOK_SECRET } = fakeStripeEnv("authorization_spec", 19)

/**
 * Who may call what. Every route of the plugin is called with credentials that must not be
 * enough, and customer A tries to read and spend customer B's credit, and to see or change B's
 * subscription and auto top-up. Each refusal is a 4xx in Medusa's error shape, and no balance moves.
 *
 * The plugin's one webhook, `POST /hooks/ai-credits/stripe` (plans), trusts nothing but the
 * `Stripe-Signature` header: a delivery signed with another secret, or over other bytes, is a 400.
 * (Credit packs are granted from Medusa's `payment.captured` and `order.*` events, which arrive
 * through Medusa's own payment webhooks.)
 */


medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let bob: CustomerAuth
    let credits: AiCreditsModuleService
    let bobs: Fixtures
    let stripe: FakeStripe
    /** Bob's subscription in Stripe (the fake's id). */
    let bobsStripeSubscription: string

    beforeAll(async () => {
      stripe = await startFakeStripe({ port: STRIPE_PORT, webhookSecret: WEBHOOK_SECRET })
    })

    afterAll(async () => {
      await stripe.close()
    })

    const port = () => Number(new URL(api.defaults.baseURL).port)
    const call = (method: string, path: string, headers: Record<string, string>, body?: string | Record<string, unknown>) =>
      rawRequest(port(), method, path, body ?? (method === "GET" ? undefined : {}), headers)
    const refusals: string[] = []
    const expectStatus = (response: { status: number; data: any }, allowed: number[], what: string) => {
      // Medusa's own `authenticate` middleware answers 401 with `{ message: "Unauthorized" }` only.
      const shaped =
        typeof response.data?.message === "string" && (response.status === 401 || typeof response.data?.type === "string")
      if (!allowed.includes(response.status) || !shaped) {
        refusals.push(`${what}: expected ${allowed.join("/")}, got ${response.status} ${JSON.stringify(response.data)?.slice(0, 160)}`)
      }
    }

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com" })
      bob = await createCustomerWithToken(container, api, { email: "bob@example.com" })
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)

      const grant = (customerId: string) =>
        api.post(
          "/admin/ai-credits/adjustments",
          { owner_type: "customer", owner_id: customerId, amount: 100, reason: "fixture" },
          withHeaders(admin.headers)
        )
      await grant(ada.customer.id)
      const bobsWallet = await grant(bob.customer.id)
      const asBob = withHeaders(pk.headers, bob.headers)
      const usage = await api.post(
        "/store/ai-credits/usage",
        { module: "chatbot", usage: { input_tokens: 10 } },
        withHeaders(asBob, { "idempotency-key": "bob-usage" })
      )
      const hold = await api.post("/store/ai-credits/authorizations", { module: "chatbot" }, asBob)
      const rule = await api.post(
        "/admin/ai-credits/quota-rules",
        { name: "fixture", metric: "requests", window: "day", limit: 1_000, action: "require_approval" },
        withHeaders(admin.headers)
      )
      const approval = await api.post("/store/ai-credits/approval-requests", { rule_id: rule.data.quota_rule.id, amount: 5 }, asBob)
      const plan = await api.post(
        "/admin/ai-credits/plans",
        { code: "basic", name: "Basic", monthly_credits: 100, stripe_price_id: "price_basic" },
        withHeaders(admin.headers)
      )
      const invoicePlan = await api.post(
        "/admin/ai-credits/plans",
        { code: "contract", name: "Contract", monthly_credits: 100, billing: "invoice" },
        withHeaders(admin.headers)
      )
      const pack = await ensureCreditPack(container, {
        title: "Authorization pack",
        handle: "authorization-pack",
        credits: 100,
        usd: 5,
        salesChannelIds: [pk.salesChannel.id],
      })
      // Bob buys a plan and sets up auto top-up with his card.
      await api.post("/store/ai-credits/subscriptions", { plan_id: plan.data.plan.id, payment_method_id: "pm_bob" }, asBob)
      await api.post("/store/ai-credits/wallet/auto-top-up", { threshold: 10, package_id: pack.package_id, payment_method_id: "pm_bob" }, asBob)
      const bobsSubscriptions = await api.get(`/admin/ai-credits/subscriptions?customer_id=${bob.customer.id}`, withHeaders(admin.headers))
      bobsStripeSubscription = bobsSubscriptions.data.subscriptions[0].stripe_subscription_id
      bobs = {
        planId: plan.data.plan.id,
        invoicePlanId: invoicePlan.data.plan.id,
        walletId: bobsWallet.data.balance.wallet_id,
        holdId: hold.data.authorization.id,
        usageId: usage.data.usage_event.id,
        ruleId: rule.data.quota_rule.id,
        packageId: "aipkg_none",
        adaId: ada.customer.id,
        adminUserId: admin.user.id,
        approvalRequestId: approval.data.approval_request.id,
        bulkJobId: "aibulk_none",
        roleAssignmentId: "airole_none",
      }
      refusals.length = 0
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    it("refuses admin routes without an admin session: none, a customer's token, a forged token", async () => {
      const before = await ledgerSnapshot(credits)
      const forged = { authorization: `Bearer ${admin.token.slice(0, -4)}AAAA` }
      for (const route of ALL_ROUTES.filter((r) => r.who === "admin")) {
        const path = route.path(bobs)
        for (const [label, headers] of [
          ["no session", {}],
          ["a customer's token", { ...ada.headers, ...pk.headers }],
          ["a forged token", forged],
        ] as const) {
          const body = "base" in route ? route.base(bobs) : undefined
          expectStatus(await call(route.method, path, headers, body), [401], `${route.method} ${path} with ${label}`)
        }
      }
      expect(refusals).toEqual([])
      expect(await ledgerSnapshot(credits)).toEqual(before)
    })

    it("refuses store routes without a valid publishable key", async () => {
      const before = await ledgerSnapshot(credits)
      for (const route of ALL_ROUTES.filter((r) => r.who === "store" || r.who === "customer")) {
        const path = route.path(bobs)
        const body = "base" in route ? route.base(bobs) : undefined
        for (const [label, headers] of [
          ["no key", bob.headers],
          ["an unknown key", { ...bob.headers, "x-publishable-api-key": "pk_0000000000000000" }],
          ["an admin token instead", admin.headers],
        ] as const) {
          expectStatus(await call(route.method, path, headers, body), [400, 401], `${route.method} ${path} with ${label}`)
        }
      }
      expect(refusals).toEqual([])
      expect(await ledgerSnapshot(credits)).toEqual(before)
    })

    it("serves the public routes (the demo storefront) without any key or session", async () => {
      const publicRoutes = ALL_ROUTES.filter((r) => r.who === "public")
      expect(publicRoutes.length).toBeGreaterThan(0)
      for (const route of publicRoutes) {
        const response = await call(route.method, route.path(bobs), {})
        expect([route.path(bobs), response.status]).toEqual([route.path(bobs), 200])
      }
      // The page names publishable keys and the seed's demo customer, never an admin credential.
      const page = await call("GET", "/ai-credits-demo", {})
      expect(page.data).toContain(pk.token)
      expect(page.data).not.toContain(admin.token)
    })

    it("refuses customer-only store routes to anonymous visitors", async () => {
      for (const path of [
        "/store/ai-credits/wallet",
        "/store/ai-credits/usage",
        "/store/ai-credits/approval-requests",
        "/store/ai-credits/subscription",
        "/store/ai-credits/wallet/auto-top-up",
      ]) {
        expectStatus(await call("GET", path, pk.headers), [401], `GET ${path} anonymous`)
      }
      expectStatus(
        await call("POST", "/store/ai-credits/subscriptions", pk.headers, { plan_id: bobs.planId, payment_method_id: "pm_visitor" }),
        [401],
        "subscribing anonymous"
      )
      expectStatus(
        await call("POST", "/store/ai-credits/wallet/auto-top-up", pk.headers, { threshold: 1, package_id: "aipkg_none", payment_method_id: "pm_visitor" }),
        [401],
        "auto top-up anonymous"
      )
      expectStatus(
        await call("POST", `/store/ai-credits/usage/${bobs.usageId}/reject`, pk.headers, { reason: "mine now" }),
        [401],
        "reject anonymous"
      )
      expectStatus(
        await call("POST", "/store/ai-credits/approval-requests", pk.headers, { rule_id: bobs.ruleId, amount: 1 }),
        [401],
        "approval request anonymous"
      )
      expect(refusals).toEqual([])
    })

    it("never lets customer A read or spend customer B's credit", async () => {
      const asAda = { ...pk.headers, ...ada.headers }
      const anonymous = { ...pk.headers, "x-visitor-id": "visitor-1" }
      const bobBefore = await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, bob.headers))

      // B's hold: A and an anonymous visitor can neither capture nor release it.
      for (const [label, headers] of [["customer A", asAda], ["a visitor", anonymous]] as const) {
        expectStatus(
          await call("POST", `/store/ai-credits/authorizations/${bobs.holdId}/capture`, headers, { usage: { input_tokens: 1_000_000 } }),
          [403, 404],
          `capture of B's hold by ${label}`
        )
        expectStatus(
          await call("POST", `/store/ai-credits/authorizations/${bobs.holdId}/release`, headers),
          [403, 404],
          `release of B's hold by ${label}`
        )
      }
      // B's usage: A cannot reject (refund) it, and does not see it.
      expectStatus(
        await call("POST", `/store/ai-credits/usage/${bobs.usageId}/reject`, asAda, { reason: "not mine" }),
        [403, 404],
        "reject of B's usage by A"
      )
      // No store route takes a wallet: naming B's is refused, not ignored.
      for (const path of ["/store/ai-credits/authorizations", "/store/ai-credits/invoke"]) {
        const body = { module: "chatbot", wallet_id: bobs.walletId, ...(path.endsWith("invoke") ? { input: { prompt: "hi" } } : {}) }
        expectStatus(await call("POST", path, asAda, body), [400], `POST ${path} naming B's wallet`)
      }
      expect(refusals).toEqual([])

      const adaUsage = await api.get("/store/ai-credits/usage", withHeaders(asAda))
      expect(adaUsage.data.usage_events.map((e: { id: string }) => e.id)).not.toContain(bobs.usageId)
      const adaWallet = await api.get("/store/ai-credits/wallet", withHeaders(asAda))
      expect(JSON.stringify(adaWallet.data)).not.toContain(bobs.walletId)

      // B's approval request: A does not see it, and asking on the same rule opens A's own.
      const adaRequests = await api.get("/store/ai-credits/approval-requests", withHeaders(asAda))
      expect(adaRequests.data.approval_requests).toEqual([])
      const adaAsks = await api.post("/store/ai-credits/approval-requests", { rule_id: bobs.ruleId, amount: 5 }, withHeaders(asAda))
      expect(adaAsks.status).toEqual(201)
      expect(adaAsks.data.approval_request).toMatchObject({ requester_type: "customer", requester_id: ada.customer.id })
      expect(adaAsks.data.approval_request.id).not.toEqual(bobs.approvalRequestId)
      const bobRequests = await api.get("/store/ai-credits/approval-requests", withHeaders(pk.headers, bob.headers))
      expect(bobRequests.data.approval_requests).toEqual([
        expect.objectContaining({ id: bobs.approvalRequestId, status: "pending", requested_amount: 5 }),
      ])

      // B's wallet is exactly as before, and B can still settle the hold.
      const bobAfter = await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, bob.headers))
      expect(bobAfter.data).toEqual(bobBefore.data)
      const captured = await api.post(
        `/store/ai-credits/authorizations/${bobs.holdId}/capture`,
        { usage: { input_tokens: 10 } },
        withHeaders(pk.headers, bob.headers)
      )
      expect(captured.status).toEqual(200)
    })

    it("refuses Stripe webhook deliveries that Stripe did not sign for this endpoint", async () => {
      const before = await ledgerSnapshot(credits)
      const asBob = withHeaders(pk.headers, bob.headers)
      const bobBefore = (await api.get("/store/ai-credits/subscription", asBob)).data
      // Well-formed events that would change Bob's subscription if they were trusted.
      const paid = stripe.event("invoice.paid", {
        id: "in_forged",
        object: "invoice",
        amount_paid: 1900,
        parent: { type: "subscription_details", subscription_details: { subscription: bobsStripeSubscription } },
        lines: { object: "list", data: [{ period: { start: Math.floor(Date.now() / 1000) + 40 * 86_400, end: Math.floor(Date.now() / 1000) + 70 * 86_400 } }] },
      })
      const deleted = stripe.event("customer.subscription.deleted", { id: bobsStripeSubscription, object: "subscription", status: "canceled" })
      for (const event of [paid, deleted]) {
        const tampered = event.body.replace(bobsStripeSubscription, `${bobsStripeSubscription}x`)
        for (const [label, body, headers] of [
          ["no signature", event.body, { "content-type": "application/json" }],
          ["another secret's signature", event.body, { "stripe-signature": signStripePayload(event.body, "whsec_not_ours") }],
          ["a signature over other bytes", tampered, event.headers],
          ["an admin session instead", event.body, admin.headers],
          ["a customer's token instead", event.body, { ...pk.headers, ...bob.headers }],
        ] as const) {
          expectStatus(await call("POST", "/hooks/ai-credits/stripe", headers, body), [400], `${event.id} with ${label}`)
        }
      }
      expect(refusals).toEqual([])
      expect(await ledgerSnapshot(credits)).toEqual(before)
      expect((await api.get("/store/ai-credits/subscription", asBob)).data).toEqual(bobBefore)

      // The same delivery, as Stripe signed it, is taken: the refusals above were the signature's.
      const genuine = await call("POST", "/hooks/ai-credits/stripe", deleted.headers, deleted.body)
      expect([genuine.status, genuine.data]).toEqual([200, expect.objectContaining({ outcome: "applied" })])
      expect((await api.get("/store/ai-credits/subscription", asBob)).data.subscription.status).toEqual("canceled")
    })

    it("never lets customer A see or change customer B's subscription or auto top-up", async () => {
      const asAda = withHeaders(pk.headers, ada.headers)
      const asBob = withHeaders(pk.headers, bob.headers)
      const bobsSubscription = (await api.get("/store/ai-credits/subscription", asBob)).data.subscription
      const bobsTopUp = (await api.get("/store/ai-credits/wallet/auto-top-up", asBob)).data.auto_top_up
      expect(bobsSubscription).toMatchObject({ customer_id: bob.customer.id, plan_id: bobs.planId })
      expect(bobsTopUp).toMatchObject({ enabled: true, threshold: 10 })

      // A sees neither; the store routes take no customer, wallet or subscription id to name B's.
      expect((await api.get("/store/ai-credits/subscription", asAda)).data).toEqual({ subscription: null })
      expect((await api.get("/store/ai-credits/wallet/auto-top-up", asAda)).data).toEqual({ auto_top_up: null })
      for (const [path, body] of [
        ["/store/ai-credits/subscriptions", { plan_id: bobs.planId, customer_id: bob.customer.id }],
        ["/store/ai-credits/wallet/auto-top-up", { threshold: 1, package_id: bobsTopUp.package_id, payment_method_id: "pm_ada", wallet_id: bobs.walletId }],
        ["/store/ai-credits/wallet/auto-top-up", { threshold: 1, package_id: bobsTopUp.package_id, payment_method_id: "pm_ada", customer_id: bob.customer.id }],
      ] as const) {
        expectStatus(await call("POST", path, asAda.headers, body), [400], `POST ${path} naming B's ${Object.keys(body).pop()}`)
      }
      expect(refusals).toEqual([])

      // What A sets up is A's own; B's stay exactly as they were.
      const adaTopUp = await api.post(
        "/store/ai-credits/wallet/auto-top-up",
        { threshold: 1, package_id: bobsTopUp.package_id, payment_method_id: "pm_ada", enabled: false },
        asAda
      )
      expect(adaTopUp.data.auto_top_up).toMatchObject({ enabled: false, threshold: 1 })
      const adaSubscribes = await api.post("/store/ai-credits/subscriptions", { plan_id: bobs.planId, payment_method_id: "pm_ada" }, asAda)
      expect(adaSubscribes.status).toEqual(201)
      expect(adaSubscribes.data.subscription).toMatchObject({ customer_id: ada.customer.id })
      expect(adaSubscribes.data.subscription.id).not.toEqual(bobsSubscription.id)
      expect((await api.get("/store/ai-credits/subscription", asBob)).data.subscription).toEqual(bobsSubscription)
      expect((await api.get("/store/ai-credits/wallet/auto-top-up", asBob)).data.auto_top_up).toEqual(bobsTopUp)
    })
  },
})
