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
import { settle } from "../helpers/http"

jest.setTimeout(120_000)

type ListedAlert = { type: string; message: string; wallet_id: string | null; owner: Record<string, unknown> | null }

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
      ada = await createCustomerWithToken(container, api, {
        email: "ada@example.com",
        first_name: "Ada",
        last_name: "Lovelace",
        groupNames: ["Retail"],
      })
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

      // The admin sees which rule blocked whom, and how often, in the alerts.
      expect((await authorize(ada)).status).toEqual(429)
      const alerts = (await api.get("/admin/ai-credits/alerts", withHeaders(admin.headers))).data.alerts as {
        type: string
        message: string
        occurrences: number
      }[]
      // One alert per window (two if the minute turned between the refusals).
      expect(alerts.map((a) => [a.type, a.message])).toContainEqual([
        "quota_blocked",
        `The quota "Chatbot: 2 a minute each" (2 requests) refused requests of customer:${ada.customer.id}`,
      ])
      expect(alerts.reduce((sum, a) => sum + a.occurrences, 0)).toEqual(2)
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
      // 14,000 input and 500 output tokens hold 8 credits (a storefront's capture charges at most its hold).
      const first = await authorize(ada, { module: "chatbot", estimate: { input_tokens: 14_000, output_tokens: 500 } })
      expect(first.data.authorization.reserved_credits).toEqual(8)
      const capture = await settle(
        api.post(
          `/store/ai-credits/authorizations/${first.data.authorization.id}/capture`,
          { usage: { input_tokens: 4_000, output_tokens: 2_000 } },
          withHeaders(pk.headers, ada.headers)
        )
      )
      // 4000 * 0.5 / 1000 + 2000 * 2 / 1000 = 6 credits: the quota counts 6, not the 8 held, and has 4 left
      // (the chatbot's default estimate holds 2).
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

    describe("budgets and alerts", () => {
      const walletOf = async (customer: CustomerAuth) => {
        const { data } = await api.get(
          `/admin/ai-credits/wallets?owner_type=customer&owner_id=${customer.customer.id}`,
          withHeaders(admin.headers)
        )
        return data.wallets[0]
      }
      const use = (customer: CustomerAuth, inputTokens: number, key: string) =>
        settle(
          api.post(
            "/store/ai-credits/usage",
            { module: "chatbot", usage: { input_tokens: inputTokens } },
            withHeaders(pk.headers, customer.headers, { "idempotency-key": key })
          )
        )

      it("alerts once at each budget threshold and stops the wallet paying past its monthly cap", async () => {
        const wallet = await walletOf(ada)
        const updated = await api.post(
          `/admin/ai-credits/wallets/${wallet.id}`,
          { monthly_spend_cap: 100, alert_thresholds: [50, 80], low_balance_threshold: 950 },
          withHeaders(admin.headers)
        )
        expect(updated.data.wallet.budget).toMatchObject({ monthly_spend_cap: 100, monthly_cap_action: "block", spent_this_month: 0 })
        // gpt-4o-mini input costs 0.5 credits per 1K tokens: 120K tokens = 60 credits.
        expect((await use(ada, 120_000, "b1")).status).toEqual(200)
        expect((await use(ada, 10_000, "b2")).status).toEqual(200)
        expect((await use(ada, 50_000, "b3")).status).toEqual(200)
        const refused = await use(ada, 40_000, "b4")
        expect(refused.status).toEqual(402)
        expect(refused.data).toMatchObject({ type: "insufficient_credits", reason: "monthly_budget" })
        expect((await walletOf(ada)).budget.spent_this_month).toEqual(90)

        const alerts = await api.get("/admin/ai-credits/alerts", withHeaders(admin.headers))
        const kinds = alerts.data.alerts.map((a: { type: string; occurrences: number }) => [a.type, a.occurrences])
        expect(kinds).toEqual(
          expect.arrayContaining([
            ["budget_threshold", 1],
            ["budget_threshold", 1],
            ["low_balance", 1],
          ])
        )
        expect(kinds).toHaveLength(3)

        // Each crossing is an `ai_credits.threshold_reached` event; a subscriber puts it in the admin feed.
        const feedTitles = async () => {
          // The admin's bell lists the `feed` channel (e-mails are tried too, and fail here: no provider).
          const feed = await api.get("/admin/notifications?channel=feed", withHeaders(admin.headers))
          return feed.data.notifications.map((n: { data: { title: string } }) => n.data.title).sort()
        }
        const expected = ["AI credits are running low", "AI credits: 50% of the monthly budget used", "AI credits: 80% of the monthly budget used"]
        for (let i = 0; i < 100 && (await feedTitles()).length < expected.length; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
        expect(await feedTitles()).toEqual(expected)
      })

      it("stops a wallet paying once the providers' cost this month would pass its money cap", async () => {
        const wallet = await walletOf(ada)
        const updated = await api.post(`/admin/ai-credits/wallets/${wallet.id}`, { monthly_cost_cap: "0.02" }, withHeaders(admin.headers))
        expect(updated.data.wallet.budget).toMatchObject({ monthly_cost_cap: "0.02", cost_this_month: "0" })
        // gpt-4o-mini input costs $0.00015 per 1K tokens: 100K tokens cost $0.015.
        expect((await use(ada, 100_000, "c1")).status).toEqual(200)
        // Another $0.0075 would make $0.0225: refused, and nothing is charged.
        const refused = await use(ada, 50_000, "c2")
        expect(refused.status).toEqual(402)
        expect(refused.data).toMatchObject({ type: "insufficient_credits", reason: "monthly_budget" })
        expect((await use(ada, 20_000, "c3")).status).toEqual(200)
        expect((await walletOf(ada)).budget).toMatchObject({ cost_this_month: "0.018", spent_this_month: 60 })
        const bad = await settle(api.post(`/admin/ai-credits/wallets/${wallet.id}`, { monthly_cost_cap: "-1" }, withHeaders(admin.headers)))
        expect(bad.status).toEqual(400)
      })

      it("lets a notify-only cap be passed and tells the admin once", async () => {
        const wallet = await walletOf(grace)
        await api.post(
          `/admin/ai-credits/wallets/${wallet.id}`,
          { monthly_spend_cap: 10, monthly_cap_action: "notify", alert_thresholds: [] },
          withHeaders(admin.headers)
        )
        for (let i = 0; i < 3; i++) {
          expect((await use(grace, 20_000, `n${i}`)).status).toEqual(200)
        }
        const alerts = await api.get("/admin/ai-credits/alerts", withHeaders(admin.headers))
        expect(alerts.data.alerts).toEqual([expect.objectContaining({ type: "budget_exceeded", occurrences: 1 })])
      })
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

    const walletOf = async (owner_type: string, owner_id: string) => {
      const response = await api.post(
        "/admin/ai-credits/adjustments",
        { owner_type, owner_id, amount: 100, reason: "test" },
        withHeaders(admin.headers)
      )
      return response.data.balance.wallet_id as string
    }
    const listAlerts = async () =>
      (await api.get("/admin/ai-credits/alerts?limit=100", withHeaders(admin.headers))).data.alerts as ListedAlert[]

    it("names each alert's owner: a customer by name, email and groups, a group or storefront wallet by its name, visitors by their storefront", async () => {
      const wholesale = grace.groups[0]
      const adaWallet = await walletOf("customer", ada.customer.id)
      const groupWallet = await walletOf("customer_group", wholesale.id)
      const storefrontWallet = await walletOf("sales_channel", pk.salesChannel.id)
      for (const [walletId, key] of [
        [adaWallet, "ada"],
        [groupWallet, "group"],
        [storefrontWallet, "storefront"],
      ]) {
        await credits.raiseAlert({ type: "low_balance", message: `Wallet ${walletId} is low`, dedupe_key: `test:${key}`, wallet_id: walletId })
      }
      // A quota refuses Ada's request (the alert names her scope, no wallet), and anonymous visitors of the storefront.
      await rule({ name: "No chatbot", module: "chatbot", metric: "requests", window: "day", limit: 0 })
      expect((await authorize(ada)).status).toEqual(429)
      await credits.raiseAlert({
        type: "quota_blocked",
        message: `refused requests of anonymous visitors of ${pk.token}`,
        dedupe_key: "test:visitors",
        data: { subject: null, storefront: pk.token },
      })

      const alerts = await listAlerts()
      const ownerOf = (predicate: (alert: ListedAlert) => boolean) => alerts.find(predicate)?.owner
      const adaOwner = {
        type: "customer",
        id: ada.customer.id,
        name: "Ada Lovelace",
        email: "ada@example.com",
        groups: ["Retail"],
        storefront: null,
      }
      expect(ownerOf((a) => a.wallet_id === adaWallet)).toEqual(adaOwner)
      expect(ownerOf((a) => a.type === "quota_blocked" && a.message.includes(ada.customer.id))).toEqual(adaOwner)
      expect(ownerOf((a) => a.wallet_id === groupWallet)).toMatchObject({ type: "customer_group", id: wholesale.id, name: "Wholesale" })
      expect(ownerOf((a) => a.wallet_id === storefrontWallet)).toMatchObject({
        type: "sales_channel",
        id: pk.salesChannel.id,
        name: "Web Store",
        storefront: "Web Store",
      })
      expect(ownerOf((a) => a.message.includes("anonymous visitors"))).toMatchObject({ type: "visitor", name: null, storefront: "Web Store" })
    })
  },
})
