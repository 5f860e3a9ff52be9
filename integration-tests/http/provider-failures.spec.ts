import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { PROVIDER_FAILING_AFTER } from "../../src/modules/ai-credits-gateway"
import { priceFakeOpenAi, startFakeOpenAi } from "../helpers/fake-openai"
import { AdminAuth, createAdminUser, createPublishableKey, PublishableKeyAuth, withHeaders } from "../helpers/auth"
import { settle } from "../helpers/http"

jest.setTimeout(120_000)

const API_KEY = "sk-test-do-not-log-4242"
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>

// Before the runner boots the app: medusa-config.ts routes the faq_assistant module to this server.
beforeAll(async () => {
  fake = await startFakeOpenAi()
  process.env.AI_OPENAI_BASE_URL = fake.url
  process.env.AI_OPENAI_API_KEY = API_KEY
})
afterAll(async () => {
  await fake?.close()
  delete process.env.AI_OPENAI_BASE_URL
  delete process.env.AI_OPENAI_API_KEY
})

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let credits: AiCreditsModuleService
    let logged: string[]

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      credits = container.resolve(AI_CREDITS_MODULE)
      await priceFakeOpenAi(api, withHeaders(admin.headers))
      await api.post(
        "/admin/ai-credits/adjustments",
        { owner_type: "sales_channel", owner_id: pk.salesChannel.id, amount: 1_000, reason: "test" },
        withHeaders(admin.headers)
      )
      const logger: Logger = container.resolve(ContainerRegistrationKeys.LOGGER)
      logged = []
      for (const level of ["warn", "error", "info"] as const) {
        jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
          logged.push(args.map(String).join(" "))
          return undefined as never
        })
      }
      fake.setBehavior({ mode: "ok" })
      // The server counts failures in a row in memory: a success starts each test from none.
      expect((await ask()).status).toBe(200)
      logged.length = 0
    })

    afterEach(async () => {
      jest.restoreAllMocks()
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const ask = () =>
      settle(api.post("/store/ai-credits/invoke", { module: "faq_assistant", input: { prompt: "Where is my order?" } }, withHeaders(pk.headers)))
    const openProviderAlerts = async () =>
      ((await api.get("/admin/ai-credits/alerts?status=open", withHeaders(admin.headers))).data.alerts as { type: string; occurrences: number; data: any }[]).filter(
        (a) => a.type === "provider_failing"
      )

    it("logs each provider failure with provider, status and cause, never the API key", async () => {
      fake.setBehavior({ mode: "error", status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}` } } })

      const response = await ask()

      expect(response.status).toBe(502)
      expect(response.data).toMatchObject({ type: "provider_error" })
      const lines = logged.filter((line) => line.includes('provider "openai"'))
      expect(lines).toEqual([expect.stringMatching(/status 401.*Incorrect API key provided/)])
      expect(logged.join("\n")).not.toContain(API_KEY)
    })

    it("opens one provider_failing alert when the provider keeps failing, and resolves it when it answers again", async () => {
      fake.setBehavior({ mode: "error", status: 401, body: { error: { message: "Incorrect API key provided" } } })
      for (let i = 0; i < PROVIDER_FAILING_AFTER - 1; i++) {
        expect((await ask()).status).toBe(502)
      }
      expect(await openProviderAlerts()).toEqual([])

      for (let i = 0; i < PROVIDER_FAILING_AFTER + 1; i++) {
        expect((await ask()).status).toBe(502)
      }
      const alerts = await openProviderAlerts()
      expect(alerts).toEqual([expect.objectContaining({ data: expect.objectContaining({ provider: "openai", status: 401 }) })])
      expect(JSON.stringify(alerts)).not.toContain(API_KEY)

      fake.setBehavior({ mode: "ok" })
      const answered = await ask()
      expect(answered.status).toBe(200)
      expect(answered.data).toMatchObject({ decision: "allow", provider: "openai" })
      expect(await openProviderAlerts()).toEqual([])
    })
  },
})
