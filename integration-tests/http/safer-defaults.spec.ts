import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { AdminAuth, createAdminUser, createPublishableKey, PublishableKeyAuth, withHeaders } from "../helpers/auth"
import { settle } from "../helpers/http"
import { withAiCredits } from "../../src/workflows/metering"

jest.setTimeout(120_000)

/** What a new store runs into before it has set anything up: no prices, no wallets. */
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
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const asAdmin = () => withHeaders(admin.headers)
    const setPrice = (body: Record<string, unknown>) => settle(api.post("/admin/ai-credits/prices", body, asAdmin()))
    const listPrices = async () => (await api.get("/admin/ai-credits/prices", asAdmin())).data.prices
    const openAlerts = async (type: string) =>
      ((await api.get("/admin/ai-credits/alerts?status=open", asAdmin())).data.alerts as { type: string; data: any }[]).filter(
        (a) => a.type === type
      )
    const store = (path: string, body: unknown) => settle(api.post(`/store/ai-credits${path}`, body, withHeaders(pk.headers)))

    describe("setting a price", () => {
      it("refuses a price whose every credit rate is zero, unless it says free: true", async () => {
        const zero = await setPrice({ provider: "local", model: "gpt-4o-mini" })
        expect(zero.status).toBe(400)
        expect(zero.data).toMatchObject({ type: "invalid_data", message: expect.stringContaining("free: true") })

        const costOnly = await setPrice({ provider: "local", model: "gpt-4o-mini", cost_per_request: "0.01" })
        expect(costOnly.status).toBe(400)
        expect(await listPrices()).toEqual([])

        const free = await setPrice({ provider: "local", model: "gpt-4o-mini", free: true })
        expect(free.status).toBe(201)
        expect(free.data.price).toMatchObject({ provider: "local", model: "gpt-4o-mini", credits_per_request: 0 })

        const freeButCharged = await setPrice({ provider: "local", model: "gpt-4o", free: true, credits_per_request: "1" })
        expect(freeButCharged.status).toBe(400)
      })

      it("keeps the rates of the current version when a new one changes only some", async () => {
        expect((await setPrice({ provider: "local", model: "gpt-4o-mini", credits_per_request: "2" })).status).toBe(201)
        const update = await setPrice({ provider: "local", model: "gpt-4o-mini", cost_per_request: "0.01" })
        expect(update.status).toBe(201)
        expect(update.data.price).toMatchObject({ version: 2, credits_per_request: 2 })
      })

      it("refuses a price for a provider the store has not configured, naming the configured ones", async () => {
        const response = await setPrice({ provider: "openai", model: "gpt-4o-mini", credits_per_request: "1" })

        expect(response.status).toBe(400)
        expect(response.data).toMatchObject({
          type: "invalid_data",
          message: 'Provider "openai" is not configured; the configured providers are "local"',
        })
        expect(await listPrices()).toEqual([])
      })

      it("refuses a price for a plan or pool that does not exist, naming it, and stores nothing", async () => {
        const noPlan = await setPrice({ provider: "local", model: "gpt-4o-mini", scope_type: "plan", scope_id: "aipln_nope", credits_per_request: "1" })
        expect(noPlan.status).toBe(400)
        expect(noPlan.data).toEqual({ type: "invalid_data", message: 'There is no plan "aipln_nope" to price for' })
        const noPool = await setPrice({ provider: "local", model: "gpt-4o-mini", scope_type: "pool", scope_id: "aiwal_nope", credits_per_request: "1" })
        expect(noPool.status).toBe(400)
        expect(noPool.data).toEqual({ type: "invalid_data", message: 'There is no pool "aiwal_nope" to price for' })
        expect(await listPrices()).toEqual([])

        // Scopes that exist are priced.
        const pool = (
          await api.post("/admin/ai-credits/adjustments", { owner_type: "pool", owner_id: "marketing", amount: 1, reason: "test" }, asAdmin())
        ).data.balance.wallet_id
        const poolPrice = await setPrice({ provider: "local", model: "gpt-4o-mini", scope_type: "pool", scope_id: pool, credits_per_request: "1" })
        expect(poolPrice.status).toBe(201)
        const plan = await api.post(
          "/admin/ai-credits/plans",
          { code: "contract", name: "Contract", monthly_credits: 100, billing: "invoice" },
          asAdmin()
        )
        const planPrice = await setPrice({ provider: "local", model: "gpt-4o-mini", scope_type: "plan", scope_id: plan.data.plan.id, credits_per_request: "1" })
        expect(planPrice.status).toBe(201)
        expect((await listPrices()).map((price: { scope_type: string }) => price.scope_type).sort()).toEqual(["plan", "pool"])
      })
    })

    describe("funding the store's default pool", () => {
      it("needs no owner_id: the store is the only one", async () => {
        const storeId = (await getContainer().resolve("query").graph({ entity: "store", fields: ["id"] })).data[0].id
        expect((await setPrice({ provider: "local", model: "gpt-4o-mini", credits_per_request: "1" })).status).toBe(201)

        const funded = await settle(
          api.post("/admin/ai-credits/adjustments", { owner_type: "store", amount: 100, reason: "launch credits" }, asAdmin())
        )

        expect(funded.status).toBe(201)
        expect(funded.data.balance).toMatchObject({ owner_type: "store", owner_id: storeId, available: 100 })
        // A guest's request is paid by the store's pool (which the guest is not shown: see untrusted-callers).
        const auth = await store("/authorizations", { module: "seo" })
        expect(auth.data).toMatchObject({ decision: "allow" })
        const [hold] = await credits.listAiCreditReservations({ id: auth.data.authorization.id })
        expect(hold.wallet_id).toEqual(funded.data.balance.wallet_id)
      })

      it("refuses an owner_id that is not the store's, and changes nothing", async () => {
        const response = await settle(
          api.post("/admin/ai-credits/adjustments", { owner_type: "store", owner_id: "store_nobody", amount: 100, reason: "typo" }, asAdmin())
        )

        expect(response.status).toBe(404)
        expect(response.data).toMatchObject({ type: "not_found" })
        expect((await api.get("/admin/ai-credits/wallets?owner_type=store", asAdmin())).data.wallets).toEqual([])
      })

      it("still needs owner_id for every other owner", async () => {
        const response = await settle(api.post("/admin/ai-credits/adjustments", { owner_type: "customer", amount: 100, reason: "x" }, asAdmin()))

        expect(response.status).toBe(400)
        expect(response.data.message).toContain("owner_id")
      })
    })

    describe("a repeated capture", () => {
      const authorizeSeo = async () => {
        expect((await setPrice({ provider: "local", model: "gpt-4o-mini", credits_per_1k_output_tokens: "10" })).status).toBe(201)
        await api.post(
          "/admin/ai-credits/adjustments",
          { owner_type: "sales_channel", owner_id: pk.salesChannel.id, amount: 100, reason: "test" },
          asAdmin()
        )
        const auth = await store("/authorizations", { module: "seo" })
        expect(auth.status).toBe(200)
        return auth.data.authorization.id as string
      }
      const usage = { input_tokens: 100, output_tokens: 200 }

      it("returns the first event when the retry leaves out the optional provider and model", async () => {
        const id = await authorizeSeo()
        const first = await store(`/authorizations/${id}/capture`, { usage, provider: "local", model: "gpt-4o-mini" })
        expect(first.status).toBe(200)

        const retry = await store(`/authorizations/${id}/capture`, { usage })

        expect(retry.status).toBe(200)
        expect(retry.data.usage_event).toEqual(first.data.usage_event)
      })

      it("returns the first event when the first capture left them out and the retry names them", async () => {
        const id = await authorizeSeo()
        const first = await store(`/authorizations/${id}/capture`, { usage })
        expect(first.status).toBe(200)

        const retry = await store(`/authorizations/${id}/capture`, { usage, provider: "local", model: "gpt-4o-mini" })

        expect(retry.status).toBe(200)
        expect(retry.data.usage_event.id).toBe(first.data.usage_event.id)
      })

      it("still refuses a retry with other usage or another model", async () => {
        const id = await authorizeSeo()
        expect((await store(`/authorizations/${id}/capture`, { usage })).status).toBe(200)

        const otherUsage = await store(`/authorizations/${id}/capture`, { usage: { ...usage, output_tokens: 201 } })
        const otherModel = await store(`/authorizations/${id}/capture`, { usage, model: "gpt-4o" })

        expect([otherUsage.status, otherUsage.data.type]).toEqual([409, "idempotency_conflict"])
        expect([otherModel.status, otherModel.data.type]).toEqual([409, "idempotency_conflict"])
      })
    })

    describe("withAiCredits (in process)", () => {
      const noRun = jest.fn(async () => ({ result: "never", usage: { input_tokens: 1 } }))

      it("returns the module's disable fallback instead of throwing when the payer cannot pay", async () => {
        expect((await setPrice({ provider: "local", model: "gpt-4o-mini", credits_per_request: "1" })).status).toBe(201)

        const outcome = await withAiCredits(getContainer(), { caller: { visitor_id: "plugin-job" }, module: "seo" }, noRun)

        expect(outcome).toMatchObject({
          decision: "fallback",
          fallback: { type: "disable", message: "SEO generation is paused until credits are added.", required: 1, available: 0 },
        })
        expect(noRun).not.toHaveBeenCalled()
      })

      it("returns the upgrade_prompt fallback with the offers on sale", async () => {
        expect((await setPrice({ provider: "local", model: "gpt-4o-mini", credits_per_request: "1" })).status).toBe(201)

        const outcome = await withAiCredits(getContainer(), { caller: { visitor_id: "plugin-job" }, module: "chatbot" }, noRun)

        expect(outcome).toMatchObject({ decision: "fallback", fallback: { type: "upgrade_prompt", upgrade: { packs: [] } } })
        expect(noRun).not.toHaveBeenCalled()
      })

      it("runs and charges when the payer can pay", async () => {
        expect((await setPrice({ provider: "local", model: "gpt-4o-mini", credits_per_request: "1" })).status).toBe(201)
        await api.post("/admin/ai-credits/adjustments", { owner_type: "store", amount: 10, reason: "test" }, asAdmin())

        const outcome = await withAiCredits(getContainer(), { caller: { visitor_id: "plugin-job" }, module: "seo" }, async ({ model }) => ({
          result: `ran ${model}`,
          usage: { input_tokens: 10, output_tokens: 10 },
        }))

        expect(outcome).toMatchObject({ decision: "allow", result: "ran gpt-4o-mini", charge: { usage_event: { credits: 1 } } })
      })
    })

    describe("a model without a price", () => {
      it("answers 503 not_priced to a guest of a fresh store (no wallet anywhere) and raises its alert", async () => {
        const response = await store("/authorizations", { module: "search" })

        expect(response.status).toBe(503)
        expect(response.data).toMatchObject({ type: "not_priced" })
        expect(await openAlerts("model_not_priced")).toEqual([
          expect.objectContaining({ data: expect.objectContaining({ provider: "local", model: "text-embedding-3-small" }) }),
        ])
      })

      it("resolves the model_not_priced alert once the price is set", async () => {
        expect((await store("/authorizations", { module: "seo" })).status).toBe(503)
        expect(await openAlerts("model_not_priced")).toHaveLength(1)

        expect((await setPrice({ provider: "local", model: "gpt-4o-mini", credits_per_request: "1" })).status).toBe(201)

        expect(await openAlerts("model_not_priced")).toEqual([])
        // With a price and still no credit, the guest now hears that credit is missing.
        const unpaid = await store("/authorizations", { module: "seo" })
        expect(unpaid.status).toBe(402)
        expect(unpaid.data).toMatchObject({ type: "insufficient_credits", required: 1 })
      })
    })
  },
})
