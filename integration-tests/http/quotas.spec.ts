import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import {
  AdminAuth,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  CustomerAuth,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"

jest.setTimeout(120_000)

const settle = <T>(promise: Promise<T>) =>
  promise.catch((error: { response?: unknown }) => {
    if (!error.response) {
      throw error
    }
    return error.response as T
  })

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let grace: CustomerAuth
    let credits: AiCreditsModuleService

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com", groupNames: ["Retail"] })
      grace = await createCustomerWithToken(container, api, { email: "grace@example.com", groupNames: ["Wholesale"] })
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
      for (const customer of [ada, grace]) {
        await api.post(
          "/admin/ai-credits/adjustments",
          { owner_type: "customer", owner_id: customer.customer.id, amount: 1_000, reason: "test" },
          withHeaders(admin.headers)
        )
      }
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
      await credits.forgetQuotaRules()
    })

    const rule = async (body: Record<string, unknown>) => {
      const response = await api.post("/admin/ai-credits/quota-rules", body, withHeaders(admin.headers))
      expect(response.status).toEqual(201)
      return response.data.quota_rule
    }
    const authorize = (customer: CustomerAuth, body: Record<string, unknown> = { module: "chatbot" }) =>
      settle(api.post("/store/ai-credits/authorizations", body, withHeaders(pk.headers, customer.headers)))

    it("blocks a customer past a request quota, saying which rule, what remains and when it resets", async () => {
      const created = await rule({ name: "Chatbot: 2 a minute each", module: "chatbot", metric: "requests", window: "minute", limit: 2 })
      expect((await authorize(ada)).status).toEqual(200)
      expect((await authorize(ada)).status).toEqual(200)
      const refused = await authorize(ada)
      expect(refused.status).toEqual(429)
      expect(refused.data).toMatchObject({
        type: "quota_exceeded",
        rule: { id: created.id, name: "Chatbot: 2 a minute each", metric: "requests", limit: 2, action: "block" },
        remaining: 0,
        resets_at: expect.any(String),
      })
      expect(Date.parse(refused.data.resets_at)).toBeGreaterThan(Date.now())
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0)
      // Per actor: Grace has her own allowance; another module is not limited.
      expect((await authorize(grace)).status).toEqual(200)
      expect((await authorize(ada, { module: "seo" })).status).toEqual(200)
    })

    it("shares a scope-wide quota, and the most restrictive matching rule decides", async () => {
      await rule({ name: "Chatbot for everyone: 10 a day", module: "chatbot", metric: "requests", window: "day", limit: 10, per: "scope" })
      const tight = await rule({ name: "Retail: 3 a day", customer_group_id: ada.groups[0].id, metric: "requests", window: "day", limit: 3, per: "scope" })
      for (let i = 0; i < 3; i++) {
        expect((await authorize(ada)).status).toEqual(200)
      }
      const refused = await authorize(ada)
      expect(refused.data.rule.id).toEqual(tight.id)
      // Grace is not in Retail: only the store-wide rule applies to her, with 7 of 10 left.
      for (let i = 0; i < 7; i++) {
        expect((await authorize(grace)).status).toEqual(200)
      }
      expect((await authorize(grace)).data).toMatchObject({ type: "quota_exceeded", rule: { name: "Chatbot for everyone: 10 a day" } })
    })

    it("counts credits as held, then as charged, and gives back what a release frees", async () => {
      await rule({ name: "Ada: 10 credits a day", customer_id: ada.customer.id, metric: "credits", window: "day", limit: 10 })
      // The chatbot's default estimate holds 2 credits.
      const first = await authorize(ada)
      expect(first.data.authorization.reserved_credits).toEqual(2)
      const capture = await settle(
        api.post(
          `/store/ai-credits/authorizations/${first.data.authorization.id}/capture`,
          { usage: { input_tokens: 4_000, output_tokens: 2_000 } },
          withHeaders(pk.headers, ada.headers)
        )
      )
      // 4000 * 0.5 / 1000 + 2000 * 2 / 1000 = 6 credits: the quota now has 4 left.
      expect(capture.data.usage_event.credits).toEqual(6)
      const holds = [await authorize(ada), await authorize(ada)]
      expect(holds.map((h) => h.status)).toEqual([200, 200])
      const refused = await authorize(ada)
      expect(refused.data).toMatchObject({ type: "quota_exceeded", remaining: 0 })
      await settle(
        api.post(`/store/ai-credits/authorizations/${holds[0].data.authorization.id}/release`, {}, withHeaders(pk.headers, ada.headers))
      )
      expect((await authorize(ada)).status).toEqual(200)
    })

    it("lets a notify-only quota through and alerts the admin exactly once per window", async () => {
      await rule({ name: "Watch chatbot use", module: "chatbot", metric: "requests", window: "day", limit: 1, action: "notify" })
      for (let i = 0; i < 4; i++) {
        expect((await authorize(ada)).status).toEqual(200)
      }
      const alerts = await api.get("/admin/ai-credits/alerts", withHeaders(admin.headers))
      expect(alerts.data.alerts).toEqual([expect.objectContaining({ type: "quota_exceeded", occurrences: 3, status: "open" })])
    })

    it("applies the module's fallback when a fallback quota is used up", async () => {
      await rule({ name: "Search: 1 a minute", module: "search", metric: "requests", window: "minute", limit: 1, action: "fallback" })
      expect((await authorize(ada, { module: "search" })).data.decision).toEqual("allow")
      const second = await authorize(ada, { module: "search" })
      expect(second.status).toEqual(200)
      expect(second.data).toMatchObject({ decision: "fallback", fallback: { type: "degrade" } })
    })

    it("manages rules through the admin: validation, changes that apply at once, switching off, deleting", async () => {
      const bad = await settle(
        api.post("/admin/ai-credits/quota-rules", { name: "x", metric: "credits", window: "rolling", limit: 5 }, withHeaders(admin.headers))
      )
      expect(bad.status).toEqual(400)
      expect(
        (await settle(api.post("/admin/ai-credits/quota-rules", { name: "x", metric: "coins", window: "day", limit: 5 }, withHeaders(admin.headers))))
          .status
      ).toEqual(400)

      const created = await rule({ name: "Ada: 1 a minute", customer_id: ada.customer.id, metric: "requests", window: "minute", limit: 1 })
      expect((await authorize(ada)).status).toEqual(200)
      expect((await authorize(ada)).status).toEqual(429)
      await api.post(`/admin/ai-credits/quota-rules/${created.id}`, { limit: 5 }, withHeaders(admin.headers))
      expect((await authorize(ada)).status).toEqual(200)
      await api.post(`/admin/ai-credits/quota-rules/${created.id}`, { is_active: false }, withHeaders(admin.headers))
      const listed = await api.get("/admin/ai-credits/quota-rules", withHeaders(admin.headers))
      expect(listed.data.quota_rules).toEqual([expect.objectContaining({ id: created.id, is_active: false, limit: 5 })])
      const deleted = await api.delete(`/admin/ai-credits/quota-rules/${created.id}`, withHeaders(admin.headers))
      expect(deleted.data).toMatchObject({ id: created.id, deleted: true })
      expect((await api.get("/admin/ai-credits/quota-rules", withHeaders(admin.headers))).data.count).toEqual(0)
    })
  },
})
