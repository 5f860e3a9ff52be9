import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { createAdminUser, createCustomerWithToken, createPublishableKey, withHeaders } from "../helpers/auth"
import { priceFakeOpenAi, startFakeOpenAi } from "../helpers/fake-openai"
import { postSse } from "../helpers/http"

jest.setTimeout(120_000)

let fake: Awaited<ReturnType<typeof startFakeOpenAi>>

// Before the runner boots the app: holds live 3 seconds, and faq_assistant streams from the fake.
beforeAll(async () => {
  fake = await startFakeOpenAi()
  process.env.AI_OPENAI_BASE_URL = fake.url
  process.env.AI_CREDITS_HOLD_TTL_SECONDS = "3"
})
afterAll(async () => {
  await fake?.close()
  delete process.env.AI_OPENAI_BASE_URL
  delete process.env.AI_CREDITS_HOLD_TTL_SECONDS
})

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    it("stops a stream before its hold expires and charges what was streamed", async () => {
      const container = getContainer()
      const admin = await createAdminUser(container, api)
      const pk = await createPublishableKey(container)
      const ada = await createCustomerWithToken(container, api, { email: "ada@example.com" })
      const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
      await priceFakeOpenAi(api, withHeaders(admin.headers))
      await api.post("/admin/ai-credits/adjustments", { owner_type: "customer", owner_id: ada.customer.id, amount: 50, reason: "test" }, withHeaders(admin.headers))
      // Four seconds of output against a three-second hold.
      fake.setBehavior({ mode: "slow_stream", chunk_delay_ms: 100, chunks: 40 })

      const port = Number(new URL(api.defaults.baseURL!).port)
      const { status, events } = await postSse(
        port,
        "/store/ai-credits/invoke",
        { module: "faq_assistant", input: { prompt: "a long story" }, stream: true },
        { ...pk.headers, ...ada.headers }
      )

      expect(status).toEqual(200)
      const done = events[events.length - 1]
      expect(done).toMatchObject({ event: "done", data: { completed: false, credits: expect.any(Number) } })
      expect(events.filter((e) => e.event === "delta").length).toBeGreaterThan(0)
      const [usage] = await credits.listAiCreditUsageEvents({ customer_id: ada.customer.id })
      expect(usage).toMatchObject({ credits: done.data.credits, metadata: { stopped_early: true, stopped_at_hold_expiry: true } })
      const wallet = await api.get("/store/ai-credits/wallet", withHeaders(pk.headers, ada.headers))
      expect(wallet.data.wallet).toMatchObject({ reserved: 0, available: 50 - usage.credits })
      expect(await credits.reconcileWallets()).toEqual([])
    })
  },
})
