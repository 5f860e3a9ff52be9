import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import { authorizeAiRequest } from "../../src/workflows/metering"
import { withAiCredits } from "../../src/workflows/metering"
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

/**
 * A storefront caller (publishable key, maybe a customer token) is a browser: it may spend what it
 * held, what a module's stated margin adds, and one request's worth per reported usage; nothing
 * beyond a blocking quota, and it sees no wallet but its own.
 */
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let credits: AiCreditsModuleService
    let storeId: string

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com" })
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
      const [store] = await container.resolve(Modules.STORE).listStores({}, { take: 1 })
      storeId = store.id
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
      await credits.forgetQuotaRules()
    })

    const grant = async (owner_type: string, owner_id: string, amount: number) => {
      const response = await api.post(
        "/admin/ai-credits/adjustments",
        { owner_type, owner_id, amount, reason: "test" },
        withHeaders(admin.headers)
      )
      return response.data.balance.wallet_id as string
    }
    const fundStorePool = (amount: number) => grant("store", storeId, amount)
    const walletOf = async (id: string) =>
      (await api.get(`/admin/ai-credits/wallets/${id}`, withHeaders(admin.headers))).data.wallet as {
        balance: number
        reserved: number
      }
    const ledgerOf = async (id: string) =>
      (await api.get(`/admin/ai-credits/wallets/${id}/ledger`, withHeaders(admin.headers))).data.ledger_entries as {
        type: string
        amount: number
      }[]
    const store = (path: string, body: unknown, ...extra: Record<string, string>[]) =>
      settle(api.post(`/store/ai-credits${path}`, body, withHeaders(pk.headers, ...extra)))
    const visitor = (id: string) => ({ "x-visitor-id": id })
    const rule = async (body: Record<string, unknown>) => {
      const response = await api.post("/admin/ai-credits/quota-rules", body, withHeaders(admin.headers))
      expect(response.status).toEqual(201)
      return response.data.quota_rule
    }

    describe("capture by a storefront caller", () => {
      it("charges no more than the hold for usage beyond it, and says what went uncharged", async () => {
        const pool = await fundStorePool(1_000)
        // gpt-4o-mini: 1,000 input tokens at 0.5 credits per 1K hold 1 credit.
        const auth = await store("/authorizations", { module: "chatbot", estimate: { input_tokens: 1_000, output_tokens: 0 } }, visitor("v_greedy"))
        expect(auth.status).toEqual(200)
        expect(auth.data.authorization.reserved_credits).toEqual(1)
        const id = auth.data.authorization.id

        const greedy = await store(
          `/authorizations/${id}/capture`,
          { usage: { input_tokens: 100_000_000, output_tokens: 100_000_000 } },
          visitor("v_greedy")
        )
        expect(greedy.status).toEqual(200)
        expect(greedy.data.usage_event.credits).toEqual(1)
        // 100M input tokens at 0.5 and 100M output tokens at 2 credits per 1K.
        expect(greedy.data.uncharged_credits).toEqual(250_000 - 1)
        expect(await walletOf(pool)).toMatchObject({ balance: 999, reserved: 0 })
        const captures = (await ledgerOf(pool)).filter((e) => e.type === "capture")
        expect(captures).toEqual([expect.objectContaining({ amount: -1, reason: "captured 1 of 250000 credits (hold limit)" })])

        // A retry of the same capture is answered with the same event and charges nothing more.
        const again = await store(
          `/authorizations/${id}/capture`,
          { usage: { input_tokens: 100_000_000, output_tokens: 100_000_000 } },
          visitor("v_greedy")
        )
        expect(again.status).toEqual(200)
        expect(again.data.usage_event.id).toEqual(greedy.data.usage_event.id)
        expect(await walletOf(pool)).toMatchObject({ balance: 999, reserved: 0 })
      })

      it("charges usage within the hold as reported", async () => {
        const pool = await fundStorePool(1_000)
        const auth = await store("/authorizations", { module: "chatbot", estimate: { input_tokens: 4_000, output_tokens: 1_000 } }, visitor("v_fair"))
        expect(auth.data.authorization.reserved_credits).toEqual(4)
        const capture = await store(
          `/authorizations/${auth.data.authorization.id}/capture`,
          { usage: { input_tokens: 2_000, output_tokens: 500 } },
          visitor("v_fair")
        )
        expect(capture.status).toEqual(200)
        expect(capture.data.usage_event.credits).toEqual(2)
        expect(await walletOf(pool)).toMatchObject({ balance: 998, reserved: 0 })
      })

      it("lets a module's stated margin through, and charges no more", async () => {
        // The demo config gives faq_assistant a capture margin of 0.5: a 5-credit hold may charge up to 7.
        const pool = await fundStorePool(1_000)
        const hold = async () => {
          const auth = await store("/authorizations", { module: "faq_assistant", estimate: { input_tokens: 10_000, output_tokens: 0 } }, visitor("v_margin"))
          expect(auth.data.authorization.reserved_credits).toEqual(5)
          return auth.data.authorization.id as string
        }
        const within = await store(`/authorizations/${await hold()}/capture`, { usage: { input_tokens: 14_000, output_tokens: 0 } }, visitor("v_margin"))
        expect(within.status).toEqual(200)
        expect(within.data.usage_event.credits).toEqual(7)

        expect(within.data.uncharged_credits).toEqual(0)

        const beyond = await store(`/authorizations/${await hold()}/capture`, { usage: { input_tokens: 20_000, output_tokens: 0 } }, visitor("v_margin"))
        expect(beyond.status).toEqual(200)
        expect(beyond.data.usage_event.credits).toEqual(7)
        expect(beyond.data.uncharged_credits).toEqual(3)
        expect(await walletOf(pool)).toMatchObject({ balance: 986, reserved: 0 })
      })

      it("holds no more than one request's maximum for a storefront estimate", async () => {
        await fundStorePool(100_000)
        const huge = await store("/authorizations", { module: "chatbot", estimate: { input_tokens: 100_000_000, output_tokens: 100_000_000, requests: 1_000 } }, visitor("v_huge"))
        expect(huge.status).toEqual(200)
        // chatbot: at most 128,000 input tokens and 512 output tokens per request.
        const largest = await store("/authorizations", { module: "chatbot", estimate: { input_tokens: 128_000, output_tokens: 512, requests: 1 } }, visitor("v_huge"))
        expect(huge.data.authorization.reserved_credits).toEqual(largest.data.authorization.reserved_credits)
        expect(largest.data.authorization.reserved_credits).toBeLessThan(100)
        for (const auth of [huge, largest]) {
          await store(`/authorizations/${auth.data.authorization.id}/release`, {}, visitor("v_huge"))
        }
      })

      it("keeps charging an admin's real usage above the hold", async () => {
        const pool = await fundStorePool(1_000)
        const auth = await api.post(
          "/admin/ai-credits/authorizations",
          { module: "seo", wallet_id: pool, estimate: { input_tokens: 1_000, output_tokens: 0 } },
          withHeaders(admin.headers)
        )
        expect(auth.data.authorization.reserved_credits).toEqual(1)
        const capture = await api.post(
          `/admin/ai-credits/authorizations/${auth.data.authorization.id}/capture`,
          { usage: { input_tokens: 20_000, output_tokens: 0 } },
          withHeaders(admin.headers)
        )
        expect(capture.data.usage_event.credits).toEqual(10)
        expect(await walletOf(pool)).toMatchObject({ balance: 990, reserved: 0 })
      })
    })

    describe("POST /store/ai-credits/usage", () => {
      it("refuses more than the module's per-request maximum, charging nothing", async () => {
        const pool = await fundStorePool(1_000)
        const huge = await store("/usage", { module: "chatbot", usage: { input_tokens: 1_000_000 } }, visitor("v_usage"), { "idempotency-key": "huge" })
        expect(huge.status).toEqual(400)
        expect(huge.data).toMatchObject({ type: "usage_exceeds_maximum" })
        expect(huge.data.message).toEqual(expect.stringContaining("chatbot"))
        const manyRequests = await store("/usage", { module: "search", usage: { input_tokens: 10, requests: 500 } }, visitor("v_usage"), { "idempotency-key": "many" })
        expect(manyRequests.status).toEqual(400)
        expect(await walletOf(pool)).toMatchObject({ balance: 1_000, reserved: 0 })

        // A customer token does not make the report trusted.
        await grant("customer", ada.customer.id, 1_000)
        const asAda = await store("/usage", { module: "chatbot", usage: { input_tokens: 1_000_000 } }, ada.headers, { "idempotency-key": "huge-ada" })
        expect(asAda.status).toEqual(400)
        expect((await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, ada.headers))).data.wallet.available).toEqual(1_000)

        const fair = await store("/usage", { module: "chatbot", usage: { input_tokens: 2_000, output_tokens: 1_000 } }, visitor("v_usage"), { "idempotency-key": "fair" })
        expect(fair.status).toEqual(200)
        expect(fair.data.usage_event.credits).toEqual(3)
      })
    })

    describe("blocking quotas", () => {
      it("refuses a reported usage beyond a blocking quota before charging it", async () => {
        const pool = await fundStorePool(1_000)
        await rule({ name: "Chatbot: 10 credits a day each", module: "chatbot", metric: "credits", window: "day", limit: 10 })
        // 30,000 input tokens: 15 credits, within one request's maximum but beyond the quota.
        const refused = await store("/usage", { module: "chatbot", usage: { input_tokens: 30_000 } }, visitor("v_quota"), { "idempotency-key": "q-1" })
        expect(refused.status).toEqual(429)
        expect(refused.data).toMatchObject({ type: "quota_exceeded", remaining: 10 })
        // A 429 names no wallet either.
        expect(JSON.stringify(refused.data)).not.toContain(pool)
        expect(await walletOf(pool)).toMatchObject({ balance: 1_000, reserved: 0 })
        const fits = await store("/usage", { module: "chatbot", usage: { input_tokens: 20_000 } }, visitor("v_quota"), { "idempotency-key": "q-2" })
        expect(fits.status).toEqual(200)
        expect(await walletOf(pool)).toMatchObject({ balance: 990 })
      })

      it("refuses a capture whose margin would pass a blocking quota, and charges nothing", async () => {
        const pool = await fundStorePool(1_000)
        await rule({ name: "FAQ: 6 credits a day each", module: "faq_assistant", metric: "credits", window: "day", limit: 6 })
        const auth = await store("/authorizations", { module: "faq_assistant", estimate: { input_tokens: 10_000, output_tokens: 0 } }, visitor("v_qcap"))
        expect(auth.data.authorization.reserved_credits).toEqual(5)
        const id = auth.data.authorization.id
        const refused = await store(`/authorizations/${id}/capture`, { usage: { input_tokens: 14_000, output_tokens: 0 } }, visitor("v_qcap"))
        expect(refused.status).toEqual(429)
        expect(refused.data).toMatchObject({ type: "quota_exceeded", rule: { name: "FAQ: 6 credits a day each" } })
        expect(await walletOf(pool)).toMatchObject({ balance: 1_000, reserved: 5 })
        const fits = await store(`/authorizations/${id}/capture`, { usage: { input_tokens: 12_000, output_tokens: 0 } }, visitor("v_qcap"))
        expect(fits.status).toEqual(200)
        expect(fits.data.usage_event.credits).toEqual(6)
        expect(await walletOf(pool)).toMatchObject({ balance: 994, reserved: 0 })
      })

      it("checks a capture against the quota as it is now: one switched off since the hold no longer refuses it", async () => {
        const pool = await fundStorePool(1_000)
        const faq = await rule({ name: "FAQ: 6 credits a day", module: "faq_assistant", metric: "credits", window: "day", limit: 6 })
        const auth = await store("/authorizations", { module: "faq_assistant", estimate: { input_tokens: 10_000, output_tokens: 0 } }, visitor("v_off"))
        expect(auth.data.authorization.reserved_credits).toEqual(5)
        const off = await api.post(`/admin/ai-credits/quota-rules/${faq.id}`, { is_active: false }, withHeaders(admin.headers))
        expect(off.data.quota_rule.is_active).toBe(false)
        const capture = await store(`/authorizations/${auth.data.authorization.id}/capture`, { usage: { input_tokens: 14_000, output_tokens: 0 } }, visitor("v_off"))
        expect(capture.status).toEqual(200)
        expect(capture.data.usage_event.credits).toEqual(7)
        expect(await walletOf(pool)).toMatchObject({ balance: 993, reserved: 0 })
      })

      it("refuses an admin capture above the hold that would pass a blocking quota", async () => {
        const pool = await fundStorePool(1_000)
        await rule({ name: "SEO: 5 credits a day each", module: "seo", metric: "credits", window: "day", limit: 5 })
        const auth = await api.post(
          "/admin/ai-credits/authorizations",
          { module: "seo", wallet_id: pool, estimate: { input_tokens: 1_000, output_tokens: 0 } },
          withHeaders(admin.headers)
        )
        const capture = await settle(
          api.post(
            `/admin/ai-credits/authorizations/${auth.data.authorization.id}/capture`,
            { usage: { input_tokens: 20_000, output_tokens: 0 } },
            withHeaders(admin.headers)
          )
        )
        expect(capture.status).toEqual(429)
        expect(capture.data).toMatchObject({ type: "quota_exceeded" })
        expect(await walletOf(pool)).toMatchObject({ balance: 1_000, reserved: 1 })
        await api.post(`/admin/ai-credits/authorizations/${auth.data.authorization.id}/release`, {}, withHeaders(admin.headers))
      })
    })

    describe("refusals show no wallet the caller may not see", () => {
      it("hides the store pool from an anonymous caller it cannot pay for", async () => {
        const pool = await fundStorePool(1)
        const usage = await store("/usage", { module: "chatbot", usage: { input_tokens: 20_000 } }, visitor("v_poor"), { "idempotency-key": "poor" })
        expect(usage.status).toEqual(402)
        expect(usage.data.type).toEqual("insufficient_credits")
        const authorize = await store("/authorizations", { module: "seo", estimate: { input_tokens: 20_000, output_tokens: 0 } }, visitor("v_poor"))
        expect(authorize.status).toEqual(402)
        expect(authorize.data).toMatchObject({ type: "insufficient_credits", fallback: { type: "disable" } })
        for (const body of [usage.data, authorize.data]) {
          const text = JSON.stringify(body)
          expect(text).not.toContain(pool)
          expect(text).not.toContain(storeId)
          expect(body.wallet_id).toBeUndefined()
          expect(body.available).toBeUndefined()
          expect(body.balance ?? null).toBeNull()
        }
      })

      it("names no shared wallet in the authorization it gives an anonymous caller, and a customer their own", async () => {
        const pool = await fundStorePool(1_000)
        const anonymous = await store("/authorizations", { module: "seo" }, visitor("v_rich"))
        expect(anonymous.status).toEqual(200)
        expect(anonymous.data.authorization).toMatchObject({ status: "held", wallet_id: null })
        expect(anonymous.data.balance).toBeNull()
        expect(JSON.stringify(anonymous.data)).not.toContain(pool)

        const own = await grant("customer", ada.customer.id, 100)
        const customer = await store("/authorizations", { module: "seo" }, ada.headers)
        expect(customer.data.authorization.wallet_id).toEqual(own)
      })

      it("gives in-process callers a refusal that names no wallet, so any route may pass it on", async () => {
        const pool = await fundStorePool(1)
        const request = { caller: { visitor_id: "v_plugin" }, module: "seo", estimate: { input_tokens: 20_000, output_tokens: 0 } }
        const run = jest.fn(async () => ({ result: "never", usage: { input_tokens: 1 } }))
        const outcome = await withAiCredits(getContainer(), request, run)
        expect(outcome).toMatchObject({ decision: "fallback", fallback: { type: "disable" }, balance: { available: 1, reserved: 0 } })
        expect(run).not.toHaveBeenCalled()

        // What a custom store route would answer with: the refusal's details as they are.
        const refusal = await authorizeAiRequest(getContainer(), request).then(
          () => null,
          (error: { code?: string; details?: Record<string, unknown> }) => error
        )
        expect(refusal).toMatchObject({ code: "insufficient_credits", details: { balance: { available: 1, reserved: 0 } } })
        for (const shown of [JSON.stringify(outcome), JSON.stringify(refusal!.details), JSON.stringify({ ...refusal!.details })]) {
          expect(shown).not.toContain(pool)
          expect(shown).not.toContain(storeId)
          expect(shown).not.toContain("owner_type")
          expect(shown).not.toContain("wallet_id")
        }
        expect(await walletOf(pool)).toMatchObject({ balance: 1, reserved: 0 })
      })

      it("still shows an admin the balance of the wallet that could not pay", async () => {
        const pool = await fundStorePool(1)
        const refused = await settle(
          api.post(
            "/admin/ai-credits/authorizations",
            { module: "seo", wallet_id: pool, estimate: { input_tokens: 20_000, output_tokens: 0 } },
            withHeaders(admin.headers)
          )
        )
        expect(refused.status).toEqual(402)
        expect(refused.data).toMatchObject({ type: "insufficient_credits", required: 10, available: 1, balance: { available: 1, reserved: 0 } })
      })

      it("still shows a customer their own wallet when it cannot pay", async () => {
        await grant("customer", ada.customer.id, 1)
        const usage = await store("/usage", { module: "chatbot", usage: { input_tokens: 20_000 } }, ada.headers, { "idempotency-key": "ada-poor" })
        expect(usage.status).toEqual(402)
        expect(usage.data).toMatchObject({ type: "insufficient_credits", balance: { available: 1, reserved: 0 } })
        expect(usage.data.balance.wallet_id).toBeUndefined()
      })
    })

    describe("anonymous visitors cannot flood the admin", () => {
      const overQuota = { module: "seo", estimate: { input_tokens: 100_000 } }
      const alertsOf = async (type: string) =>
        ((await api.get("/admin/ai-credits/alerts", withHeaders(admin.headers))).data.alerts as { type: string; occurrences: number; message: string }[]).filter(
          (alert) => alert.type === type
        )

      it("raises one quota_blocked alert per rule and window however many visitor ids a caller makes up", async () => {
        await fundStorePool(1_000)
        await rule({ name: "SEO: 10 credits a day each", module: "seo", metric: "credits", window: "day", limit: 10 })
        for (let i = 1; i <= 10; i++) {
          const refused = await store("/authorizations", overQuota, visitor(`spam${i}`))
          expect(refused.status).toEqual(429)
          expect(refused.data.type).toEqual("quota_exceeded")
        }
        // One open alert per window (two if the day turned between the refusals), counting all ten.
        const alerts = await alertsOf("quota_blocked")
        expect(alerts.length).toBeLessThanOrEqual(2)
        expect(alerts.reduce((sum, alert) => sum + alert.occurrences, 0)).toEqual(10)
        expect(alerts[0].message).toEqual(`The quota "SEO: 10 credits a day each" (10 credits) refused requests of anonymous visitors of ${pk.token}`)
      })

      it("opens no approval request for an anonymous visitor, only for an identified customer", async () => {
        await fundStorePool(1_000)
        await grant("customer", ada.customer.id, 1_000)
        const limited = await rule({ name: "SEO: 10 credits a day, more on approval", module: "seo", metric: "credits", window: "day", limit: 10, action: "require_approval" })
        for (let i = 1; i <= 5; i++) {
          const refused = await store("/authorizations", overQuota, visitor(`spam${i}`))
          expect(refused.status).toEqual(429)
          expect(refused.data).toMatchObject({ type: "quota_exceeded", rule: { id: limited.id, action: "require_approval" } })
          expect(refused.data.approval_request).toBeUndefined()
        }
        const queue = await api.get("/admin/ai-credits/approval-requests", withHeaders(admin.headers))
        expect(queue.data.approval_requests).toEqual([])

        const asked = await store("/authorizations", overQuota, ada.headers)
        expect(asked.status).toEqual(403)
        expect(asked.data).toMatchObject({ type: "approval_required", approval_request: { requester_type: "customer", requester_id: ada.customer.id } })
        const after = await api.get("/admin/ai-credits/approval-requests", withHeaders(admin.headers))
        expect(after.data.approval_requests).toEqual([expect.objectContaining({ subject: `customer:${ada.customer.id}` })])
      })
    })
  },
})
