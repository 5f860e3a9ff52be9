import { createOpenAICompatible } from "@ai-sdk/openai-compatible"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { embed, generateText, streamText } from "ai"
import OpenAI from "openai"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { estimateChatTokens, estimateTokens } from "../../src/modules/ai-credits-gateway/providers/local"
import {
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  withHeaders,
  type AdminAuth,
  type CustomerAuth,
  type PublishableKeyAuth,
} from "../helpers/auth"
import { fakePromptTokens, priceFakeOpenAi, startFakeOpenAi } from "../helpers/fake-openai"
import { waitFor } from "../helpers/http"

// Booting the app on a busy machine can take longer than the suites' usual two minutes.
jest.setTimeout(300_000)

let fake: Awaited<ReturnType<typeof startFakeOpenAi>>

// Before the runner boots the app: medusa-config.ts routes the faq_assistant module to the fake.
beforeAll(async () => {
  fake = await startFakeOpenAi()
  process.env.AI_OPENAI_BASE_URL = fake.url
})
afterAll(async () => {
  await fake?.close()
  delete process.env.AI_OPENAI_BASE_URL
})

/** priceFakeOpenAi: 1 credit per 1K input tokens, 4 per 1K output, rounded up to whole credits. */
function pricedCredits(usage: { prompt_tokens: number; completion_tokens: number }) {
  return Math.ceil((usage.prompt_tokens * 1 + usage.completion_tokens * 4) / 1000)
}

/** The fake's usage of one user message: a token per character in, a word per token out. */
function fakeUsage(prompt: string) {
  return { prompt_tokens: fakePromptTokens([{ content: prompt }]), completion_tokens: `Echo: ${prompt}`.split(/\s+/).length }
}

// Long enough that the price is more than the one-credit minimum; a short answer (the module's
// max_output_tokens would cut a long one).
const PROMPT = `What is your return policy? ${"a".repeat(2500)}`
const MODULE = { "x-ai-credits-module": "faq_assistant" }

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let credits: AiCreditsModuleService
    let baseURL: string

    beforeEach(async () => {
      const container = getContainer()
      credits = container.resolve(AI_CREDITS_MODULE)
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com" })
      await priceFakeOpenAi(api, withHeaders(admin.headers))
      baseURL = api.defaults.baseURL!
      fake.setBehavior({ mode: "ok" })
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const grant = (customer: CustomerAuth, amount: number) =>
      api.post(
        "/admin/ai-credits/adjustments",
        { owner_type: "customer", owner_id: customer.customer.id, amount, reason: "test" },
        withHeaders(admin.headers)
      )
    const available = async (customer: CustomerAuth) =>
      (await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, customer.headers))).data.wallet.available

    const storeClient = (customer: CustomerAuth, headers: Record<string, string> = { ...pk.headers, ...MODULE }) =>
      new OpenAI({ baseURL: `${baseURL}/store/ai-credits/v1`, apiKey: customer.token, defaultHeaders: headers, maxRetries: 0 })

    const vercel = (customer: CustomerAuth) =>
      createOpenAICompatible({
        name: "ai-credits",
        baseURL: `${baseURL}/store/ai-credits/v1`,
        apiKey: customer.token,
        headers: { ...pk.headers, ...MODULE },
        includeUsage: true,
      })

    it("answers the openai SDK's chat completion and charges the priced usage, saying so in headers", async () => {
      await grant(ada, 50)
      const { data, response } = await storeClient(ada)
        .chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: PROMPT }] })
        .withResponse()

      const usage = fakeUsage(PROMPT)
      const charged = pricedCredits(usage)
      expect(charged).toBeGreaterThan(1)
      expect(data).toMatchObject({
        object: "chat.completion",
        model: "gpt-4o-mini",
        choices: [{ index: 0, message: { role: "assistant", content: `Echo: ${PROMPT}` }, finish_reason: "stop" }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      })
      expect(data.id).toMatch(/^chatcmpl-/)
      expect(response.headers.get("x-ai-credits-charged")).toEqual(String(charged))
      expect(response.headers.get("x-ai-credits-balance")).toEqual(String(50 - charged))
      expect(Number(response.headers.get("x-ai-credits-overhead-ms"))).toBeGreaterThanOrEqual(0)
      expect(await available(ada)).toEqual(50 - charged)
    })

    it("streams OpenAI chunks ending in [DONE], with the usage in the last chunk", async () => {
      await grant(ada, 50)
      const stream = await storeClient(ada).chat.completions.create({
        messages: [{ role: "user", content: PROMPT }],
        stream: true,
        stream_options: { include_usage: true },
      })
      let text = ""
      let last: OpenAI.Chat.Completions.ChatCompletionChunk | undefined
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? ""
        last = chunk
      }
      const usage = fakeUsage(PROMPT)
      expect(text).toEqual(`Echo: ${PROMPT}`)
      expect(last).toMatchObject({ object: "chat.completion.chunk", choices: [], usage, x_ai_credits: { charged: pricedCredits(usage) } })
      expect(await available(ada)).toEqual(50 - pricedCredits(usage))
    })

    it("charges a stream the openai SDK aborts for what was streamed, and releases the rest of its hold", async () => {
      // Output dear enough that each chunk shows in whole credits: 100 credits per 1K output tokens.
      await api.post(
        "/admin/ai-credits/prices",
        { provider: "openai", model: "gpt-4o-mini", credits_per_1k_input_tokens: "1", credits_per_1k_output_tokens: "100" },
        withHeaders(admin.headers)
      )
      const price = (usage: { input_tokens: number; output_tokens: number }) =>
        Math.ceil((usage.input_tokens * 1 + usage.output_tokens * 100) / 1000)
      await grant(ada, 100)
      // 40 chunks of 28 characters (7 estimated tokens each), one every 250 ms: 10 s in all.
      const piece = "lorem ipsum dolor sit amet, "
      fake.setBehavior({ mode: "slow_stream", chunk_delay_ms: 250, chunks: 40, reply: piece.repeat(40).trim() })
      const perChunk = estimateTokens(piece)

      const upstream = fake.requests.length
      const stream = await storeClient(ada).chat.completions.create({ messages: [{ role: "user", content: "Tell me a long story" }], stream: true })
      let received = ""
      let chunks = 0
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta.content ?? ""
        received += text
        if (text && ++chunks === 5) {
          stream.controller.abort()
        }
      }
      expect(received).toEqual(piece.repeat(5))
      // The gateway stops the provider: the fake's answer is cut too.
      expect(await fake.waitForEnd(upstream)).toEqual("aborted")

      await waitFor(async () => (await credits.listAiCreditUsageEvents({ customer_id: ada.customer.id })).length === 1, "the usage event")
      const [event] = await credits.listAiCreditUsageEvents({ customer_id: ada.customer.id })
      expect(event.metadata).toMatchObject({ stopped_early: true, usage_estimated: true })
      // The chat it was sent, and what it streamed: the five chunks read, and at most two in flight.
      expect(event.input_tokens).toEqual(estimateChatTokens(fake.requests[upstream].body.messages))
      expect(event.output_tokens).toBeGreaterThanOrEqual(5 * perChunk)
      expect(event.output_tokens).toBeLessThanOrEqual(7 * perChunk)
      expect(event.credits).toEqual(price(event))
      expect(event.requested_credits).toEqual(event.credits)
      expect(event.credits).toBeLessThan(price({ input_tokens: event.input_tokens, output_tokens: 40 * perChunk }))

      const wallet = (await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, ada.headers))).data.wallet
      expect(wallet).toMatchObject({ reserved: 0, available: 100 - event.credits })
      const [hold] = await credits.listAiCreditReservations({ id: event.reservation_id })
      expect(hold).toMatchObject({ status: "captured", captured_amount: event.credits, usage_event_id: event.id })
      expect(hold.amount).toBeGreaterThan(event.credits)
      expect(await credits.reconcileWallets()).toEqual([])
    })

    it("serves the Vercel AI SDK's generateText and streamText", async () => {
      await grant(ada, 50)
      const provider = vercel(ada)
      const generated = await generateText({ model: provider("faq_assistant"), prompt: PROMPT })
      expect(generated.text).toEqual(`Echo: ${PROMPT}`)
      const usage = fakeUsage(PROMPT)
      expect(generated.usage).toMatchObject({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens })

      const streamed = streamText({ model: provider("gpt-4o-mini"), prompt: PROMPT })
      expect(await streamed.text).toEqual(`Echo: ${PROMPT}`)
      expect(await streamed.usage).toMatchObject({ inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens })
      expect(await available(ada)).toEqual(50 - 2 * pricedCredits(usage))
    })

    it("embeds one vector per input for the openai SDK and the Vercel AI SDK, charging the priced tokens", async () => {
      await grant(ada, 50)
      const inputs = [PROMPT, "waterproof jacket"]
      const { data, response } = await storeClient(ada).embeddings.create({ model: "gpt-4o-mini", input: inputs }).withResponse()
      expect(data.data.map((item) => item.embedding)).toEqual(inputs.map((text) => [text.length, text.split(/\s+/).length, 1]))
      const first = pricedCredits({ prompt_tokens: PROMPT.length + "waterproof jacket".length, completion_tokens: 0 })
      expect(response.headers.get("x-ai-credits-charged")).toEqual(String(first))

      const embedded = await embed({ model: vercel(ada).embeddingModel("gpt-4o-mini"), value: PROMPT })
      expect(embedded.embedding).toEqual([PROMPT.length, PROMPT.split(/\s+/).length, 1])
      expect(await available(ada)).toEqual(50 - first - pricedCredits({ prompt_tokens: PROMPT.length, completion_tokens: 0 }))
    })

    it("lists the models a module allows, and the module itself", async () => {
      const models = await storeClient(ada).models.list()
      const ids = models.data.map((model) => model.id)
      expect(ids).toEqual(expect.arrayContaining(["faq_assistant", "gpt-4o-mini"]))
    })

    it("answers a retry with the same Idempotency-Key with the same completion, charged once", async () => {
      await grant(ada, 50)
      const client = storeClient(ada)
      const body = { messages: [{ role: "user" as const, content: PROMPT }] }
      const first = await client.chat.completions.create(body, { headers: { "Idempotency-Key": "faq-retry-1" } })
      const again = await client.chat.completions.create(body, { headers: { "Idempotency-Key": "faq-retry-1" } })
      expect(again.id).toEqual(first.id)
      expect(await available(ada)).toEqual(50 - pricedCredits(fakeUsage(PROMPT)))
    })

    it("raises the SDK's 402 error when the payer is out of credits, and charges nothing", async () => {
      const error = await storeClient(ada)
        .chat.completions.create({ messages: [{ role: "user", content: PROMPT }] })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OpenAI.APIError)
      expect(error).toMatchObject({ status: 402, type: "insufficient_quota", code: "insufficient_credits" })
      expect(await available(ada)).toEqual(0)
    })

    it("answers from the cheaper model when the payer cannot afford the module's model, and says so in a header", async () => {
      // content: gpt-4o, falling back to gpt-4o-mini (the demo config), on the local provider.
      await ensureDemoPricing(getContainer())
      await grant(ada, 5)
      const { data, response } = await storeClient(ada, { ...pk.headers, "x-ai-credits-module": "content" })
        .chat.completions.create({ model: "content", messages: [{ role: "user", content: "Describe a rain jacket" }] })
        .withResponse()

      expect(data.model).toEqual("gpt-4o-mini")
      expect(response.headers.get("x-ai-credits-fallback")).toEqual("cheaper_model; from=gpt-4o; to=gpt-4o-mini")
      const charged = Number(response.headers.get("x-ai-credits-charged"))
      expect(charged).toBeGreaterThan(0)
      expect(await available(ada)).toEqual(5 - charged)
    })

    it.each([
      ["seo", "disable", false],
      ["chatbot", "upgrade_prompt", true],
    ])("answers the SDK with a 402 when %s's fallback is %s, and charges nothing", async (module, fallback, offersPacks) => {
      await ensureDemoPricing(getContainer())
      const error = await storeClient(ada, { ...pk.headers, "x-ai-credits-module": module })
        .chat.completions.create({ model: module, messages: [{ role: "user", content: "Write a product title" }] })
        .catch((e: unknown) => e)

      expect(error).toBeInstanceOf(OpenAI.APIError)
      expect(error).toMatchObject({ status: 402 })
      const body = (error as InstanceType<typeof OpenAI.APIError>).error as { fallback: unknown; upgrade: unknown }
      expect(body).toMatchObject({ fallback: { type: fallback } })
      // The upgrade prompt carries the offers a widget shows; a disabled module offers none.
      expect(body.upgrade === null).toBe(!offersPacks)
      expect(await available(ada)).toEqual(0)
    })

    it("raises the SDK's 429 error with Retry-After past a quota", async () => {
      await grant(ada, 50)
      await api.post(
        "/admin/ai-credits/quota-rules",
        { name: "FAQ: 1 a minute", module: "faq_assistant", metric: "requests", window: "minute", limit: 1 },
        withHeaders(admin.headers)
      )
      const client = storeClient(ada)
      const body = { messages: [{ role: "user" as const, content: "hello" }] }
      await client.chat.completions.create(body)
      const error = await client.chat.completions.create(body).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OpenAI.RateLimitError)
      expect(error).toMatchObject({ status: 429, type: "rate_limit_error", code: "quota_exceeded" })
      expect(Number((error as InstanceType<typeof OpenAI.APIError>).headers?.get("retry-after"))).toBeGreaterThan(0)
      await credits.forgetQuotaRules()
    })

    it("answers a request without a publishable key with an OpenAI-shaped 400", async () => {
      const error = await storeClient(ada, MODULE)
        .chat.completions.create({ messages: [{ role: "user", content: "hello" }] })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OpenAI.BadRequestError)
      expect(error).toMatchObject({ status: 400, type: "invalid_request_error", error: { message: expect.stringMatching(/publishable/i) } })
    })

    it("answers a model the module does not allow with an OpenAI-shaped 400", async () => {
      const error = await storeClient(ada)
        .chat.completions.create({ model: "gpt-5-turbo-max", messages: [{ role: "user", content: "hello" }] })
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ status: 400, type: "invalid_request_error", code: "invalid_data" })
    })

    it("takes a server API key as the SDK's apiKey: its payer is charged, and a revoked key gets the SDK's 401", async () => {
      await grant(ada, 50)
      const created = await api.post(
        "/admin/ai-credits/api-keys",
        { name: "merchant backend", owner_type: "customer", owner_id: ada.customer.id },
        withHeaders(admin.headers)
      )
      const { secret, api_key } = created.data as { secret: string; api_key: { id: string } }
      const client = new OpenAI({ baseURL: `${baseURL}/store/ai-credits/v1`, apiKey: secret, defaultHeaders: { ...pk.headers, ...MODULE }, maxRetries: 0 })

      const { data, response } = await client.chat.completions
        .create({ messages: [{ role: "user", content: PROMPT }] })
        .withResponse()
      const charged = pricedCredits(fakeUsage(PROMPT))
      expect(data.choices[0].message.content).toEqual(`Echo: ${PROMPT}`)
      expect(response.headers.get("x-ai-credits-charged")).toEqual(String(charged))
      expect(await available(ada)).toEqual(50 - charged)

      await api.post(`/admin/ai-credits/api-keys/${api_key.id}/revoke`, {}, withHeaders(admin.headers))
      const error = await client.chat.completions.create({ messages: [{ role: "user", content: "hello" }] }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
      expect(error).toMatchObject({ status: 401, type: "authentication_error", error: { message: "This API key is revoked" } })
      expect(await available(ada)).toEqual(50 - charged)
    })

    it("serves admin users under /admin/ai-credits/v1", async () => {
      const client = new OpenAI({ baseURL: `${baseURL}/admin/ai-credits/v1`, apiKey: admin.token, defaultHeaders: MODULE, maxRetries: 0 })
      await api.post("/admin/ai-credits/adjustments", { owner_type: "store", amount: 50, reason: "test" }, withHeaders(admin.headers)).catch(() => undefined)
      const models = await client.models.list()
      expect(models.data.map((model) => model.id)).toContain("faq_assistant")
      const { data, response } = await client.chat.completions
        .create({ messages: [{ role: "user", content: "Write a product description" }] })
        .withResponse()
      expect(data.choices[0].message.content).toEqual("Echo: Write a product description")
      expect(Number(response.headers.get("x-ai-credits-charged"))).toEqual(
        pricedCredits(fakeUsage("Write a product description"))
      )
    })
  },
})
