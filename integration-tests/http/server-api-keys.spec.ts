import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { governanceService } from "../../src/modules/ai-credits-governance"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import {
  AdminAuth,
  bearer,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"
import { fakeOpenAiForSuite, fakePromptTokens, priceFakeOpenAi } from "../helpers/fake-openai"
import { postSse, settle } from "../helpers/http"

jest.setTimeout(120_000)

const upstream = fakeOpenAiForSuite()

/**
 * What the fake's answer to its last request costs at priceFakeOpenAi's rates (1 credit per 1K
 * input tokens, 4 per 1K output, rounded up): its usage is worked out from what it was sent.
 */
function pricedLastFakeCall() {
  const { requests } = upstream.fake
  const { messages } = requests[requests.length - 1].body as { messages: Array<{ role: string; content: string }> }
  const lastUser = [...messages].reverse().find((m) => m.role === "user")!
  const outputTokens = `Echo: ${lastUser.content}`.split(/\s+/).length
  return Math.ceil((fakePromptTokens(messages) * 1 + outputTokens * 4) / 1000)
}

type KeyBody = {
  name?: string
  owner_type: string
  owner_id: string
  sales_channel_id?: string | null
  allowed_modules?: string[]
  allowed_models?: string[]
  rate_limit_per_minute?: number
  monthly_credit_limit?: number
}

/**
 * Server API keys (`aic_sk_…`): an admin creates one for a backend; it is a trusted caller that
 * spends its own payer's wallet only, within its modules, models, rate limit and monthly limit.
 */
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let credits: AiCreditsModuleService

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const asAdmin = () => withHeaders(admin.headers)
    const grant = async (owner_type: string, owner_id: string, amount: number) => {
      const response = await api.post("/admin/ai-credits/adjustments", { owner_type, owner_id, amount, reason: "test" }, asAdmin())
      return response.data.balance.wallet_id as string
    }
    const walletOf = async (id: string) =>
      (await api.get(`/admin/ai-credits/wallets/${id}`, asAdmin())).data.wallet as { balance: number; reserved: number }
    const createKey = async (body: KeyBody) => {
      const response = await api.post("/admin/ai-credits/api-keys", { name: "backend", ...body }, asAdmin())
      expect(response.status).toEqual(201)
      return response.data as { api_key: { id: string; token_prefix: string }; secret: string }
    }
    const listKeys = async () => (await api.get("/admin/ai-credits/api-keys", asAdmin())).data
    const asKey = (secret: string, storefront: PublishableKeyAuth = pk, extra: Record<string, string> = {}) =>
      withHeaders(storefront.headers, bearer(secret), extra)
    const store = (path: string, body: unknown, headers: { headers: Record<string, string> }) =>
      settle(api.post(`/store/ai-credits${path}`, body, headers))
    const usage = (secret: string, key: string, input_tokens = 4_000, module = "chatbot") =>
      store("/usage", { module, usage: { input_tokens, output_tokens: 0 } }, asKey(secret, pk, { "idempotency-key": key }))

    it("shows the secret once, stores only its hash, and lists the key with its prefix", async () => {
      const { api_key, secret } = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id })
      expect(secret).toMatch(/^aic_sk_[A-Za-z0-9_-]{43}$/)
      expect(secret.startsWith(api_key.token_prefix)).toBe(true)

      const listed = await listKeys()
      expect(listed.count).toEqual(1)
      expect(listed.api_keys[0]).toMatchObject({ id: api_key.id, token_prefix: api_key.token_prefix, status: "active", spent_this_month: 0, last_used_at: null })
      expect(JSON.stringify(listed)).not.toContain(secret)
      expect(listed.api_keys[0]).not.toHaveProperty("token_hash")

      const [stored] = await governanceService(getContainer()).listAiCreditServerApiKeys({ id: api_key.id })
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/)
      expect(JSON.stringify(stored)).not.toContain(secret.slice(7))
    })

    it("lists the keys of one payer (the wallet page's section) with the owner filter", async () => {
      const storefront = await createKey({ name: "storefront backend", owner_type: "sales_channel", owner_id: pk.salesChannel.id })
      const pool = await createKey({ name: "pool integration", owner_type: "pool", owner_id: "enterprise" })
      await createKey({ name: "other pool", owner_type: "pool", owner_id: "partners" })

      const of = async (query: string) => (await api.get(`/admin/ai-credits/api-keys?${query}`, asAdmin())).data
      const enterprise = await of("owner_type=pool&owner_id=enterprise")
      expect(enterprise.count).toEqual(1)
      expect(enterprise.api_keys.map((k: { id: string }) => k.id)).toEqual([pool.api_key.id])
      const channel = await of(`owner_type=sales_channel&owner_id=${pk.salesChannel.id}`)
      expect(channel.api_keys.map((k: { id: string }) => k.id)).toEqual([storefront.api_key.id])
      expect((await of("owner_type=pool")).count).toEqual(2)
      expect((await of("owner_type=customer&owner_id=enterprise")).count).toEqual(0)

      const bad = await settle(api.get("/admin/ai-credits/api-keys?owner_type=planet", asAdmin()))
      expect(bad.status).toEqual(400)
      expect(bad.data.type).toEqual("invalid_data")
    })

    it("authorizes, captures above its hold, releases and reports usage; the list shows spend and last use", async () => {
      const wallet = await grant("sales_channel", pk.salesChannel.id, 1_000)
      const { api_key, secret } = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id })

      // 1,000 input tokens of gpt-4o-mini hold 1 credit; the server's real usage (20,000) costs 10.
      const auth = await store("/authorizations", { module: "chatbot", estimate: { input_tokens: 1_000, output_tokens: 0 } }, asKey(secret))
      expect(auth.status).toEqual(200)
      expect(auth.data.authorization.reserved_credits).toEqual(1)
      const capture = await store(`/authorizations/${auth.data.authorization.id}/capture`, { usage: { input_tokens: 20_000, output_tokens: 0 } }, asKey(secret))
      expect(capture.status).toEqual(200)
      expect(capture.data.usage_event.credits).toEqual(10)
      expect(capture.data.uncharged_credits).toEqual(0)
      expect(capture.data.balance).toEqual({ available: 990, reserved: 0 })

      const held = await store("/authorizations", { module: "chatbot" }, asKey(secret))
      const release = await store(`/authorizations/${held.data.authorization.id}/release`, {}, asKey(secret))
      expect(release.status).toEqual(200)
      expect(release.data.authorization.status).toEqual("released")

      // More than one request's maximum: a browser's report would be refused, a key's is charged.
      const big = await usage(secret, "big", 1_000_000)
      expect(big.status).toEqual(200)
      expect(big.data.usage_event.credits).toEqual(500)
      expect(await walletOf(wallet)).toMatchObject({ balance: 490, reserved: 0 })

      const [listed] = (await listKeys()).api_keys
      expect(listed).toMatchObject({ id: api_key.id, spent_this_month: 510 })
      expect(listed.last_used_at).not.toBeNull()
    })

    it("spends its own payer's wallet only: a pool key never takes from the storefront or the customer", async () => {
      const storefront = await grant("sales_channel", pk.salesChannel.id, 1_000)
      const pool = await grant("pool", "enterprise", 100)
      const ada = await createCustomerWithToken(getContainer(), api, { email: "ada-keys@example.com" })
      const own = await grant("customer", ada.customer.id, 1_000)
      const { secret } = await createKey({ owner_type: "pool", owner_id: "enterprise" })

      const first = await store("/usage", { module: "chatbot", usage: { input_tokens: 100_000, output_tokens: 0 } }, asKey(secret, pk, { "idempotency-key": "p1" }))
      expect(first.status).toEqual(200)
      expect(await walletOf(pool)).toMatchObject({ balance: 50 })
      const broke = await usage(secret, "p2", 200_000)
      expect(broke.status).toEqual(402)
      expect(await walletOf(pool)).toMatchObject({ balance: 50 })
      expect(await walletOf(storefront)).toMatchObject({ balance: 1_000 })
      expect(await walletOf(own)).toMatchObject({ balance: 1_000 })
    })

    it("refuses a revoked key at once and an expired key, with 401", async () => {
      await grant("sales_channel", pk.salesChannel.id, 1_000)
      const { api_key, secret } = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id })
      expect((await usage(secret, "before")).status).toEqual(200)

      const revoked = await api.post(`/admin/ai-credits/api-keys/${api_key.id}/revoke`, {}, asAdmin())
      expect(revoked.data.api_key.status).toEqual("revoked")
      const after = await usage(secret, "after")
      expect(after.status).toEqual(401)
      expect(after.data.message).toEqual("This API key is revoked")

      const other = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id })
      await governanceService(getContainer()).updateAiCreditServerApiKeys({ id: other.api_key.id, expires_at: new Date(Date.now() - 1_000) })
      const expired = await usage(other.secret, "expired")
      expect(expired.status).toEqual(401)
      expect(expired.data.message).toEqual("This API key is expired")

      const unknown = await usage(`aic_sk_${"x".repeat(43)}`, "unknown")
      expect(unknown.status).toEqual(401)
      expect(unknown.data.message).toEqual("Invalid API key")
    })

    it("pays POST /invoke, plain and streamed, from its own payer only, and a revoked key gets 401 there too", async () => {
      await priceFakeOpenAi(api, asAdmin())
      upstream.fake.setBehavior({ mode: "ok" })
      const storefront = await grant("sales_channel", pk.salesChannel.id, 1_000)
      const pool = await grant("pool", "enterprise", 100)
      const ada = await createCustomerWithToken(getContainer(), api, { email: "ada-invoke@example.com" })
      const own = await grant("customer", ada.customer.id, 1_000)
      const { api_key, secret } = await createKey({ owner_type: "pool", owner_id: "enterprise" })
      // Long enough that the price is more than the one-credit minimum.
      const prompt = `What is your return policy? ${"a".repeat(2_500)}`

      const plain = await store("/invoke", { module: "faq_assistant", input: { prompt } }, asKey(secret))
      expect(plain.status).toEqual(200)
      expect(plain.data.output).toEqual(`Echo: ${prompt}`)
      const plainPrice = pricedLastFakeCall()
      expect(plainPrice).toBeGreaterThan(1)
      expect(plain.data.credits).toEqual(plainPrice)
      expect(await walletOf(pool)).toMatchObject({ balance: 100 - plainPrice, reserved: 0 })

      const port = Number(new URL(api.defaults.baseURL!).port)
      const streamed = await postSse(port, "/store/ai-credits/invoke", { module: "faq_assistant", input: { prompt }, stream: true }, asKey(secret).headers)
      expect(streamed.status).toEqual(200)
      expect(streamed.events.filter((e) => e.event === "delta").map((e) => e.data.text).join("")).toEqual(`Echo: ${prompt}`)
      const streamPrice = pricedLastFakeCall()
      const done = streamed.events[streamed.events.length - 1]
      expect(done).toMatchObject({ event: "done", data: { completed: true, credits: streamPrice } })
      expect(await walletOf(pool)).toMatchObject({ balance: 100 - plainPrice - streamPrice, reserved: 0 })

      // Nobody else paid: not the storefront, not the customer.
      expect(await walletOf(storefront)).toMatchObject({ balance: 1_000, reserved: 0 })
      expect(await walletOf(own)).toMatchObject({ balance: 1_000, reserved: 0 })
      const [listed] = (await listKeys()).api_keys
      expect(listed.spent_this_month).toEqual(plainPrice + streamPrice)

      await api.post(`/admin/ai-credits/api-keys/${api_key.id}/revoke`, {}, asAdmin())
      const calls = upstream.fake.requests.length
      const refused = await store("/invoke", { module: "faq_assistant", input: { prompt } }, asKey(secret))
      expect(refused.status).toEqual(401)
      expect(refused.data.message).toEqual("This API key is revoked")
      const refusedStream = await store("/invoke", { module: "faq_assistant", input: { prompt }, stream: true }, asKey(secret))
      expect(refusedStream.status).toEqual(401)
      expect(refusedStream.data.message).toEqual("This API key is revoked")
      expect(upstream.fake.requests.length).toEqual(calls)
      expect(await walletOf(pool)).toMatchObject({ balance: 100 - plainPrice - streamPrice, reserved: 0 })
    })

    it("refuses a key of another storefront with 403", async () => {
      await grant("sales_channel", pk.salesChannel.id, 1_000)
      const otherStorefront = await createPublishableKey(getContainer(), "Other storefront")
      const { secret } = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id })
      const response = await store("/usage", { module: "chatbot", usage: { input_tokens: 1_000 } }, asKey(secret, otherStorefront, { "idempotency-key": "x" }))
      expect(response.data.message).toEqual("This API key belongs to another storefront")
      expect(response.status).toEqual(403)
    })

    it("allows only its modules and models (403)", async () => {
      await grant("sales_channel", pk.salesChannel.id, 1_000)
      const modules = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id, allowed_modules: ["search"] })
      const wrongModule = await usage(modules.secret, "m1")
      expect(wrongModule.status).toEqual(403)
      expect(wrongModule.data.message).toEqual('This API key may not use the AI module "chatbot"')
      expect((await usage(modules.secret, "m2", 1_000, "search")).status).toEqual(200)

      const models = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id, allowed_models: ["gpt-4o"] })
      const wrongModel = await store("/authorizations", { module: "chatbot" }, asKey(models.secret))
      expect(wrongModel.status).toEqual(403)
      expect(wrongModel.data.message).toEqual('This API key may not use the model "gpt-4o-mini"')
    })

    it("has its own rate limit (429)", async () => {
      await grant("sales_channel", pk.salesChannel.id, 1_000)
      const { secret } = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id, rate_limit_per_minute: 2 })
      // Five requests span at most two one-minute windows of two: at least one is refused.
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        const response = await usage(secret, `r${i}`, 1_000)
        statuses.push(response.status)
        if (response.status === 429) {
          expect(response.data.message).toEqual("Too many requests: this API key allows 2 a minute")
          expect(response.headers["retry-after"]).toBeDefined()
        }
      }
      expect(statuses).toContain(429)
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(4)
    })

    it("never spends past its monthly credit limit, even under concurrent requests (429)", async () => {
      const wallet = await grant("sales_channel", pk.salesChannel.id, 1_000)
      const { secret } = await createKey({ owner_type: "sales_channel", owner_id: pk.salesChannel.id, monthly_credit_limit: 10 })
      // Each costs 2 credits: 5 fit in 10, the other 7 are refused, however they interleave.
      const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => usage(secret, `c${i}`)))
      const statuses = responses.map((r) => r.status)
      expect(statuses.filter((s) => s === 200)).toHaveLength(5)
      expect(statuses.filter((s) => s === 429)).toHaveLength(7)
      const refused = responses.find((r) => r.status === 429)!
      expect(refused.data.message).toContain("monthly credit limit of the API key backend")
      expect(await walletOf(wallet)).toMatchObject({ balance: 990, reserved: 0 })

      const [listed] = (await listKeys()).api_keys
      expect(listed.spent_this_month).toEqual(10)
    })
  },
})
