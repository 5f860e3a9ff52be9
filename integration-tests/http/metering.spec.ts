import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { clearUpgradeOffersCache } from "../../src/workflows/metering"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import { AI_CREDITS_GATEWAY_MODULE } from "../../src/modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../src/modules/ai-credits-gateway/service"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureCreditPack, ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import { priceFakeOpenAi, startFakeOpenAi } from "../helpers/fake-openai"
import {
  AdminAuth,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  CustomerAuth,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"
import { postSse, settle } from "../helpers/http"

jest.setTimeout(120_000)

type FakeOpenAi = Awaited<ReturnType<typeof startFakeOpenAi>>
let fake: FakeOpenAi

// Before the runner boots the app: medusa-config.ts routes the faq_assistant module to this server.
beforeAll(async () => {
  fake = await startFakeOpenAi()
  process.env.AI_OPENAI_BASE_URL = fake.url
  process.env.AI_CREDITS_DISABLED_MODULES = "analytics"
})
afterAll(async () => {
  await fake?.close()
  delete process.env.AI_OPENAI_BASE_URL
  delete process.env.AI_CREDITS_DISABLED_MODULES
})

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let credits: AiCreditsModuleService

    const waitFor = async (check: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 100; i++) {
        if (await check()) {
          return
        }
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`timed out waiting for ${what}`)
    }

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com", groupNames: ["Retail"] })
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
      fake.setBehavior({ mode: "ok" })
      clearUpgradeOffersCache()
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const grant = (owner_type: string, owner_id: string, amount: number) =>
      api.post("/admin/ai-credits/adjustments", { owner_type, owner_id, amount, reason: "test" }, withHeaders(admin.headers))
    const store = (path: string, body: unknown, ...extra: Record<string, string>[]) =>
      settle(api.post(`/store/ai-credits${path}`, body, withHeaders(pk.headers, ...extra)))
    const asAda = () => ada.headers

    describe("authorize, capture, release", () => {
      it("holds the priced estimate on the customer's wallet and charges the priced usage", async () => {
        await grant("customer", ada.customer.id, 100)
        // gpt-4o-mini: 0.5 credits per 1K input tokens, 2 per 1K output.
        const auth = await store(
          "/authorizations",
          { module: "chatbot", estimate: { input_tokens: 2_000, output_tokens: 1_000 }, cart_id: "cart_1" },
          asAda(),
          { "idempotency-key": "auth-1" }
        )
        expect(auth.status).toEqual(200)
        expect(auth.data).toMatchObject({
          decision: "allow",
          authorization: { status: "held", reserved_credits: 3, provider: "local", model: "gpt-4o-mini", fallback: null },
          balance: { available: 97, reserved: 3 },
        })

        const again = await store(
          "/authorizations",
          { module: "chatbot", estimate: { input_tokens: 2_000, output_tokens: 1_000 }, cart_id: "cart_1" },
          asAda(),
          { "idempotency-key": "auth-1" }
        )
        expect(again.data.authorization.id).toEqual(auth.data.authorization.id)

        const id = auth.data.authorization.id
        const capture = await store(`/authorizations/${id}/capture`, { usage: { input_tokens: 1_500, output_tokens: 260 }, latency_ms: 420, output_type: "text" }, asAda())
        expect(capture.status).toEqual(200)
        // 1500 * 0.5 / 1000 + 260 * 2 / 1000 = 0.75 + 0.52 = 1.27 -> 2 credits (rounded up).
        expect(capture.data.usage_event).toMatchObject({
          credits: 2,
          module: "chatbot",
          model: "gpt-4o-mini",
          input_tokens: 1_500,
          output_tokens: 260,
          cart_id: "cart_1",
        })
        // The merchant's own cost is not shown to the customer; the admin sees the whole event.
        expect(capture.data.usage_event.provider_cost).toBeUndefined()
        expect(capture.data.balance).toEqual({ available: 98, reserved: 0 })
        const recorded = await api.get(`/admin/ai-credits/usage?customer_id=${ada.customer.id}`, withHeaders(admin.headers))
        expect(recorded.data.usage_events[0]).toMatchObject({
          customer_id: ada.customer.id,
          sales_channel_id: pk.salesChannel.id,
          latency_ms: 420,
          // 1500 * 0.00015 / 1000 + 260 * 0.0006 / 1000, exactly.
          provider_cost: 0.000381,
        })

        const twice = await store(`/authorizations/${id}/capture`, { usage: { input_tokens: 1_500, output_tokens: 260 } }, asAda())
        expect(twice.data.usage_event.id).toEqual(capture.data.usage_event.id)
        const different = await store(`/authorizations/${id}/capture`, { usage: { input_tokens: 9 } }, asAda())
        expect(different.status).toEqual(409)

        const usage = await api.get("/store/ai-credits/usage", withHeaders(pk.headers, asAda()))
        expect(usage.data).toMatchObject({ count: 1, usage_events: [expect.objectContaining({ id: capture.data.usage_event.id })] })
      })

      it("releases without charging, and refuses capture after release", async () => {
        await grant("customer", ada.customer.id, 10)
        const auth = await store("/authorizations", { module: "chatbot" }, asAda())
        const id = auth.data.authorization.id
        const released = await store(`/authorizations/${id}/release`, {}, asAda())
        expect(released.data).toMatchObject({ authorization: { status: "released" }, balance: { available: 10, reserved: 0 } })
        const capture = await store(`/authorizations/${id}/capture`, { usage: { input_tokens: 10 } }, asAda())
        expect(capture.status).toEqual(409)
        expect(capture.data.type).toEqual("reservation_closed")
      })

      it("never lets one customer capture, release or see another's authorization", async () => {
        await grant("customer", ada.customer.id, 10)
        const grace = await createCustomerWithToken(getContainer(), api, { email: "grace@example.com" })
        const auth = await store("/authorizations", { module: "chatbot" }, asAda())
        const id = auth.data.authorization.id
        expect((await store(`/authorizations/${id}/capture`, { usage: { input_tokens: 1 } }, grace.headers)).status).toEqual(404)
        expect((await store(`/authorizations/${id}/release`, {}, grace.headers)).status).toEqual(404)
        expect((await store(`/authorizations/${id}/release`, {})).status).toEqual(404)
        const graceUsage = await api.get("/store/ai-credits/usage", withHeaders(pk.headers, grace.headers))
        expect(graceUsage.data.count).toEqual(0)
        // Grace's request is paid by the store's default pool, never by Ada's wallet.
        const wallet = await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, asAda()))
        expect(wallet.data.wallet).toMatchObject({ available: 10 - auth.data.authorization.reserved_credits })
      })

      it("answers bad input with 400 and an unknown authorization with 404", async () => {
        for (const body of [
          {},
          { module: "Chat Bot" },
          { module: "chatbot", estimate: { input_tokens: -1 } },
          { module: "chatbot", estimate: { input_tokens: 1.5 } },
          { module: "chatbot", estimate: { input_tokens: 1e12 } },
          { module: "chatbot", unknown: true },
          { module: "chatbot", model: "gpt-5-ultra" },
          { module: "no_such_module" },
        ]) {
          const response = await store("/authorizations", body, asAda())
          expect(response.status).toEqual(400)
          expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data", message: expect.any(String) }))
        }
        expect((await store("/authorizations/aires_missing/capture", { usage: {} }, asAda())).status).toEqual(404)
        expect((await store("/authorizations/aires_missing/release", {}, asAda())).status).toEqual(404)
      })

      it("refuses store routes without a publishable key", async () => {
        const response = await settle(api.post("/store/ai-credits/authorizations", { module: "chatbot" }, withHeaders(asAda())))
        expect(response.status).toEqual(400)
      })
    })

    describe("guard rails", () => {
      it("answers 429 with Retry-After once a visitor passes its rate limit", async () => {
        // The demo config allows 60 requests a minute per visitor; search degrades, so no credit is needed.
        for (let i = 0; i < 60; i++) {
          const ok = await store("/authorizations", { module: "search" }, { "x-visitor-id": "rl-visitor" })
          expect(ok.status).toEqual(200)
        }
        const refused = await store("/authorizations", { module: "search" }, { "x-visitor-id": "rl-visitor" })
        expect(refused.status).toEqual(429)
        expect(refused.data).toMatchObject({
          type: "rate_limited",
          reason: "rate_limit",
          retry_after_s: expect.any(Number),
          rule: { per: "visitor", limit: 60, window_seconds: 60 },
        })
        expect(Number(refused.headers["retry-after"])).toEqual(refused.data.retry_after_s)
        // Another visitor is not affected.
        expect((await store("/authorizations", { module: "search" }, { "x-visitor-id": "rl-other" })).status).toEqual(200)
      })

      it("answers 403 for a module the merchant switched off", async () => {
        const response = await store("/authorizations", { module: "analytics" }, asAda())
        expect(response.status).toEqual(403)
        expect(response.data).toMatchObject({ type: "not_allowed", reason: "module_disabled" })
      })
    })

    describe("who pays", () => {
      it("falls through customer, group pool, sales channel and store pool, in that order", async () => {
        const group = ada.groups[0]
        const store_ = (await getContainer().resolve("query").graph({ entity: "store", fields: ["id"] })).data[0]
        await grant("store", store_.id, 1_000)
        await grant("sales_channel", pk.salesChannel.id, 50)
        await grant("customer_group", group.id, 20)
        await grant("customer", ada.customer.id, 2)

        const payer = async () => {
          const auth = await store("/authorizations", { module: "chatbot" }, asAda())
          expect(auth.status).toEqual(200)
          // The store caller may not be shown a shared payer: the hold itself says who pays.
          const hold = await credits.retrieveAiCreditReservation(auth.data.authorization.id)
          return (await credits.retrieveAiCreditWallet(hold.wallet_id)).owner_type
        }
        // The chatbot's default estimate (800 in, 400 out) costs 2 credits.
        expect(await payer()).toEqual("customer")
        expect(await payer()).toEqual("customer_group")
        const anonymous = await store("/authorizations", { module: "chatbot", visitor_id: "v_1" })
        const anonymousHold = await credits.retrieveAiCreditReservation(anonymous.data.authorization.id)
        expect((await credits.retrieveAiCreditWallet(anonymousHold.wallet_id)).owner_type).toEqual("sales_channel")
        expect(anonymous.data.authorization.wallet_id).toBeNull()
        // The storefront's pool paid: its balance is the merchant's business, not the visitor's.
        expect(anonymous.data.balance).toBeNull()
      })
    })

    describe("fallbacks", () => {
      it("answers 402 with the packs on sale when the chatbot's payer cannot pay", async () => {
        await ensureCreditPack(getContainer(), {
          title: "Starter",
          handle: "starter-pack",
          credits: 1_000,
          usd: 10,
          salesChannelIds: [pk.salesChannel.id],
        })
        const response = await store("/authorizations", { module: "chatbot", visitor_id: "v_2" })
        expect(response.status).toEqual(402)
        expect(response.data).toMatchObject({
          type: "insufficient_credits",
          fallback: { type: "upgrade_prompt" },
          upgrade: { packs: [expect.objectContaining({ title: "Starter", credits: 1_000, prices: [{ amount: 10, currency_code: "usd" }] })] },
        })
      })

      it("degrades search to the widget's keyword path", async () => {
        const response = await store("/authorizations", { module: "search", visitor_id: "v_3" })
        expect(response.status).toEqual(200)
        expect(response.data).toMatchObject({ decision: "fallback", authorization: null, fallback: { type: "degrade" } })
      })

      it("switches content generation to the cheaper model when the wallet cannot pay for the big one", async () => {
        await grant("customer", ada.customer.id, 5)
        const response = await store("/authorizations", { module: "content" }, asAda())
        expect(response.status).toEqual(200)
        expect(response.data.authorization).toMatchObject({
          model: "gpt-4o-mini",
          fallback: { type: "cheaper_model", from_model: "gpt-4o", to_model: "gpt-4o-mini" },
        })
      })

      it("gives a retry of a request that fell back to the cheaper model the same authorization", async () => {
        await grant("customer", ada.customer.id, 5)
        const key = { "idempotency-key": "content-retry-1" }
        const first = await store("/authorizations", { module: "content" }, asAda(), key)
        expect(first.data.authorization).toMatchObject({ model: "gpt-4o-mini", fallback: { type: "cheaper_model" } })
        // Enough credit for the big model now: the retry still answers what the first try got.
        await grant("customer", ada.customer.id, 500)
        const retry = await store("/authorizations", { module: "content" }, asAda(), key)
        expect(retry.status).toEqual(200)
        expect(retry.data.authorization).toMatchObject({ id: first.data.authorization.id, model: "gpt-4o-mini" })
        const wallet = await store("/authorizations", { module: "chatbot" }, asAda())
        expect(wallet.data.balance.reserved).toEqual(first.data.authorization.reserved_credits + wallet.data.authorization.reserved_credits)
      })

      it("refuses with a 402 and no offer when SEO is disabled by its fallback", async () => {
        const response = await store("/authorizations", { module: "seo" }, asAda())
        expect(response.status).toEqual(402)
        expect(response.data).toMatchObject({ fallback: { type: "disable" }, upgrade: null })
      })

      it("refuses a model without a price and raises one alert for the admin", async () => {
        await grant("customer", ada.customer.id, 100)
        // faq_assistant runs on the openai provider, which has no prices yet.
        for (let i = 0; i < 2; i++) {
          const response = await store("/authorizations", { module: "faq_assistant" }, asAda())
          expect(response.status).toEqual(503)
          expect(response.data.type).toEqual("not_priced")
        }
        const alerts = await api.get("/admin/ai-credits/alerts", withHeaders(admin.headers))
        expect(alerts.data.alerts).toEqual([
          expect.objectContaining({ type: "model_not_priced", occurrences: 2, status: "open" }),
        ])
        expect(fake.requests).toHaveLength(0)
      })
    })

    describe("POST /store/ai-credits/usage", () => {
      it("charges known usage once per Idempotency-Key and requires the key", async () => {
        await grant("customer", ada.customer.id, 10)
        const body = { module: "search", usage: { input_tokens: 100, requests: 1 } }
        expect((await store("/usage", body, asAda())).status).toEqual(400)
        const first = await store("/usage", body, asAda(), { "idempotency-key": "u-1" })
        const second = await store("/usage", body, asAda(), { "idempotency-key": "u-1" })
        expect(first.status).toEqual(200)
        expect(second.data.usage_event.id).toEqual(first.data.usage_event.id)
        // 100 * 0.05 / 1000 + 1 request * 1 = 1.005 -> 2 credits.
        expect(first.data.usage_event.credits).toEqual(2)
        expect(second.data.balance.available).toEqual(8)
        const conflict = await store("/usage", { ...body, usage: { input_tokens: 5 } }, asAda(), { "idempotency-key": "u-1" })
        expect(conflict.status).toEqual(409)
      })

      it("refuses usage the payer cannot pay, charging nothing", async () => {
        await grant("customer", ada.customer.id, 1)
        const response = await store("/usage", { module: "chatbot", usage: { input_tokens: 10_000 } }, asAda(), { "idempotency-key": "u-2" })
        expect(response.status).toEqual(402)
        expect((await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, asAda()))).data.wallet.available).toEqual(1)
      })
    })

    describe("refunds for bad output", () => {
      it("gives the credits back once when the customer rejects a result, and caps abuse", async () => {
        await grant("customer", ada.customer.id, 100)
        const used = await store("/usage", { module: "content", model: "gpt-4o", usage: { input_tokens: 1_000, output_tokens: 1_000 } }, asAda(), {
          "idempotency-key": "r-1",
        })
        expect(used.data.usage_event.credits).toEqual(25)
        const rejected = await store(`/usage/${used.data.usage_event.id}/reject`, { reason: "wrong product" }, asAda())
        expect(rejected.status).toEqual(200)
        expect(rejected.data).toMatchObject({ refund: { credits: 25 }, balance: { available: 100 }, usage_event: { status: "refunded" } })
        const again = await store(`/usage/${used.data.usage_event.id}/reject`, { reason: "wrong product" }, asAda())
        expect(again.data.balance.available).toEqual(100)

        const grace = await createCustomerWithToken(getContainer(), api, { email: "grace@example.com" })
        expect((await store(`/usage/${used.data.usage_event.id}/reject`, { reason: "x" }, grace.headers)).status).toEqual(404)

        for (let i = 0; i < 5; i++) {
          const u = await store("/usage", { module: "seo", usage: { input_tokens: 10 } }, asAda(), { "idempotency-key": `cap-${i}` })
          const r = await store(`/usage/${u.data.usage_event.id}/reject`, { reason: "meh" }, asAda())
          expect(r.status).toEqual(i < 4 ? 200 : 403)
        }
      })
    })

    describe("the gateway", () => {
      const priceOpenAi = () => priceFakeOpenAi(api, withHeaders(admin.headers))

      it("calls the provider and charges the token counts it reports", async () => {
        await priceOpenAi()
        await grant("customer", ada.customer.id, 50)
        fake.setBehavior({ mode: "ok", reply: "Our Storm jacket is waterproof." })
        const response = await store(
          "/invoke",
          { module: "faq_assistant", input: { messages: [{ role: "user", content: "Which jacket is waterproof?" }] } },
          asAda()
        )
        expect(response.status).toEqual(200)
        expect(response.data).toMatchObject({ decision: "allow", output: "Our Storm jacket is waterproof.", provider: "openai", model: "gpt-4o-mini" })
        const reported = fake.requests[0]
        expect(reported.body).toMatchObject({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Which jacket is waterproof?" }] })
        const [event] = (await credits.listAiCreditUsageEvents({ id: response.data.usage_event_id })) as any[]
        expect(response.data.usage).toEqual({ input_tokens: event.input_tokens, output_tokens: event.output_tokens })
        expect(event.input_tokens).toBeGreaterThan(0)
        expect(response.data.balance.available).toEqual(50 - response.data.credits)
      })

      it("with shrink_to_balance, answers a payer short of the estimate with an output limit that fits, charging at most the balance", async () => {
        await priceOpenAi()
        await grant("customer", ada.customer.id, 1)
        const gateway: AiCreditsGatewayModuleService = getContainer().resolve(AI_CREDITS_GATEWAY_MODULE)
        const faq = (await gateway.getAiModule("faq_assistant"))!
        faq.shrink_to_balance = true
        try {
          fake.setBehavior({ mode: "ok", reply: Array.from({ length: 400 }, (_, i) => `w${i}`).join(" ") })
          const asked = fake.requests.length
          // 300 output tokens at 4 credits per 1K hold 2 credits; Ada has 1.
          const response = await store("/invoke", { module: "faq_assistant", input: { prompt: "Opening hours?" } }, asAda())
          expect(response.status).toEqual(200)
          expect(response.data).toMatchObject({ decision: "allow", provider: "openai" })
          // 1 credit affords (1000 - the prompt's estimated tokens) / 4 output tokens: under 250, more than 240.
          expect(fake.requests).toHaveLength(asked + 1)
          const limit = fake.requests[asked].body.max_tokens
          expect(limit).toBeGreaterThan(240)
          expect(limit).toBeLessThan(250)
          expect(response.data.output_limit).toEqual(limit)
          expect(response.data.usage.output_tokens).toEqual(limit)
          expect(response.data.credits).toBeLessThanOrEqual(1)
          const wallet = (await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, asAda()))).data.wallet
          expect(wallet).toMatchObject({ available: 0, balance: 0 })
        } finally {
          faq.shrink_to_balance = false
        }
      })

      it("without shrink_to_balance, the 402 says what the smallest request costs, under the module's own message", async () => {
        await grant("customer", ada.customer.id, 1)
        // The chatbot holds its 512 output tokens: 2 credits. With one output token it costs 1.
        const response = await store("/invoke", { module: "chatbot", input: { prompt: "Which pack suits me?" } }, asAda())
        expect(response.status).toEqual(402)
        expect(response.data).toMatchObject({
          type: "insufficient_credits",
          required: 2,
          available: 1,
          smallest_required: 1,
          message: "Your AI credits have run out.",
        })
        expect((await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, asAda()))).data.wallet.available).toEqual(1)
      })

      it("fails over to the next provider of the chain when the provider is down, charging what served", async () => {
        await priceOpenAi()
        await grant("customer", ada.customer.id, 50)
        fake.setBehavior({ mode: "error", status: 503 })
        const response = await store("/invoke", { module: "faq_assistant", input: { prompt: "Opening hours?" } }, asAda())
        expect(response.status).toEqual(200)
        expect(response.data).toMatchObject({ decision: "allow", provider: "local", model: "gpt-4o-mini" })
        const [event] = await credits.listAiCreditUsageEvents({ id: response.data.usage_event_id })
        expect(event).toMatchObject({ provider: "local", model: "gpt-4o-mini", metadata: { failover_from: "openai/gpt-4o-mini" } })
        expect(response.data.balance.available).toEqual(50 - response.data.credits)
      })

      it("releases the hold and charges nothing when the provider fails for good", async () => {
        await priceOpenAi()
        await grant("customer", ada.customer.id, 50)
        // A rejected API key is not worth retrying elsewhere.
        fake.setBehavior({ mode: "error", status: 401 })
        const response = await store("/invoke", { module: "faq_assistant", input: { prompt: "hello" } }, asAda())
        expect(response.status).toEqual(502)
        expect(response.data.type).toEqual("provider_error")
        const wallet = await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, asAda()))
        expect(wallet.data.wallet).toMatchObject({ available: 50, reserved: 0 })
      })

      it("streams server-sent events and meters what was streamed", async () => {
        await priceOpenAi()
        await grant("customer", ada.customer.id, 50)
        fake.setBehavior({ mode: "ok", reply: "One two three four five six seven eight." })
        const port = Number(new URL(api.defaults.baseURL).port)
        const { status, events } = await postSse(
          port,
          "/store/ai-credits/invoke",
          { module: "faq_assistant", input: { prompt: "count" }, stream: true },
          { ...pk.headers, ...asAda() }
        )
        expect(status).toEqual(200)
        expect(events[0].event).toEqual("start")
        const text = events.filter((e) => e.event === "delta").map((e) => e.data.text).join("")
        expect(text).toEqual("One two three four five six seven eight.")
        const done = events[events.length - 1]
        expect(done).toMatchObject({ event: "done", data: { completed: true, credits: expect.any(Number), usage_event_id: expect.any(String) } })
        expect(done.data.balance.available).toEqual(50 - done.data.credits)
      })

      it("charges what was streamed when the client disconnects early", async () => {
        await priceOpenAi()
        await grant("customer", ada.customer.id, 50)
        fake.setBehavior({ mode: "slow_stream", chunk_delay_ms: 100, chunks: 40 })
        const port = Number(new URL(api.defaults.baseURL).port)
        await postSse(port, "/store/ai-credits/invoke", { module: "faq_assistant", input: { prompt: "long" }, stream: true }, { ...pk.headers, ...asAda() }, 2)
        await waitFor(async () => (await credits.listAiCreditUsageEvents({ customer_id: ada.customer.id })).length === 1, "the usage event")
        const [event] = await credits.listAiCreditUsageEvents({ customer_id: ada.customer.id })
        expect(event.metadata).toMatchObject({ stopped_early: true })
        expect(event.output_tokens).toBeGreaterThan(0)
        const wallet = await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, asAda()))
        expect(wallet.data.wallet).toMatchObject({ reserved: 0, available: 50 - event.credits })
      })

      it("keeps a streamed answer's hold out of its caller's reach: it cannot release or zero-capture it mid-stream", async () => {
        await priceOpenAi()
        await grant("customer", ada.customer.id, 50)
        fake.setBehavior({ mode: "slow_stream", chunk_delay_ms: 50, chunks: 20 })
        const port = Number(new URL(api.defaults.baseURL).port)
        const streamed = postSse(port, "/store/ai-credits/invoke", { module: "faq_assistant", input: { prompt: "long" }, stream: true }, { ...pk.headers, ...asAda() })
        let holdId: string | undefined
        await waitFor(async () => {
          holdId = (await credits.listAiCreditReservations({ status: "held", module: "faq_assistant" }))[0]?.id
          return !!holdId
        }, "the stream's hold")
        // What a browser that read the hold's id could try while the answer is still streaming.
        const release = await store(`/authorizations/${holdId}/release`, {}, asAda())
        const capture = await store(`/authorizations/${holdId}/capture`, { usage: { requests: 0 } }, asAda())
        expect([release.status, release.data.type]).toEqual([404, "not_found"])
        expect([capture.status, capture.data.type]).toEqual([404, "not_found"])

        const { status, events } = await streamed
        expect(status).toEqual(200)
        const done = events[events.length - 1]
        expect(done).toMatchObject({ event: "done", data: { completed: true, credits: expect.any(Number) } })
        expect(done.data.credits).toBeGreaterThan(0)
        const [event] = await credits.listAiCreditUsageEvents({ customer_id: ada.customer.id })
        expect(event.credits).toEqual(done.data.credits)
        const wallet = await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, asAda()))
        expect(wallet.data.wallet).toMatchObject({ reserved: 0, available: 50 - done.data.credits })
      })

      it("runs the built-in chatbot on the local provider", async () => {
        await grant("customer", ada.customer.id, 50)
        const response = await store("/invoke", { module: "chatbot", input: { prompt: "Do you ship to Canada?" } }, asAda())
        expect(response.status).toEqual(200)
        expect(response.data).toMatchObject({ decision: "allow", provider: "local", model: "gpt-4o-mini", output: expect.any(String) })
      })
    })

    describe("admin AI actions", () => {
      it("authorizes, captures and releases for an admin user from the store's pool, attributed to the admin", async () => {
        const store_ = (await getContainer().resolve("query").graph({ entity: "store", fields: ["id"] })).data[0]
        await grant("store", store_.id, 500)
        const auth = await api.post("/admin/ai-credits/authorizations", { module: "content", action: "product_description" }, withHeaders(admin.headers))
        expect(auth.data.authorization.model).toEqual("gpt-4o")
        const capture = await api.post(
          `/admin/ai-credits/authorizations/${auth.data.authorization.id}/capture`,
          { usage: { input_tokens: 400, output_tokens: 700 } },
          withHeaders(admin.headers)
        )
        expect(capture.data.usage_event).toMatchObject({ user_id: admin.user.id, action: "product_description", credits: 16 })
        const second = await api.post("/admin/ai-credits/authorizations", { module: "seo" }, withHeaders(admin.headers))
        const released = await api.post(`/admin/ai-credits/authorizations/${second.data.authorization.id}/release`, {}, withHeaders(admin.headers))
        expect(released.data.authorization.status).toEqual("released")
        const usage = await api.get(`/admin/ai-credits/usage?module=content`, withHeaders(admin.headers))
        expect(usage.data.count).toEqual(1)
      })
    })
  },
})
