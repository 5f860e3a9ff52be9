import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { runDueAutoTopUps } from "../../src/jobs/run-auto-top-ups"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureCreditPack } from "../../src/scripts/seed-ai-credits"
import {
  AdminAuth,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  CustomerAuth,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"
import { FakeStripe, startFakeStripe, fakeStripeEnv } from "../helpers/fake-stripe"
import { settle } from "../helpers/http"

jest.setTimeout(180_000)

const { port: STRIPE_PORT, webhookSecret: WEBHOOK_SECRET } = fakeStripeEnv("auto_top_up_spec", 7)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let stripe: FakeStripe
    let container: MedusaContainer
    let credits: AiCreditsModuleService
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let pack: { package_id: string }

    beforeAll(async () => {
      stripe = await startFakeStripe({ port: STRIPE_PORT, webhookSecret: WEBHOOK_SECRET })
    })

    afterAll(async () => {
      await stripe.close()
    })

    beforeEach(async () => {
      stripe.requests.length = 0
      stripe.declineCharges(false)
      container = getContainer()
      credits = container.resolve(AI_CREDITS_MODULE)
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com" })
      pack = await ensureCreditPack(container, {
        title: "Top-up pack (1,000 credits)",
        handle: "top-up-pack-1000",
        credits: 1_000,
        usd: 10,
        salesChannelIds: [pk.salesChannel.id],
      })
      await credits.grantCredits({ owner_type: "customer", owner_id: ada.customer.id, amount: 50, source: "promotion", idempotency_key: "start" })
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const asCustomer = () => withHeaders(pk.headers, ada.headers)
    const asAdmin = () => withHeaders(admin.headers)
    const setUp = (body: Record<string, unknown>) =>
      settle(
        api.post(
          "/store/ai-credits/wallet/auto-top-up",
          { threshold: 100, package_id: pack.package_id, payment_method_id: "pm_ada", ...body },
          asCustomer()
        )
      )
    const available = async () => (await api.get("/store/ai-credits/wallet", asCustomer())).data.wallet.available as number
    const topUps = async () => (await api.get("/store/ai-credits/wallet/auto-top-up", asCustomer())).data.auto_top_up
    const charges = () => stripe.requests.filter((r) => r.path === "/v1/payment_intents")
    let spent = 0
    const spendDownTo = async (target: number) => {
      const amount = (await available()) - target
      await credits.chargeCredits({ owner_type: "customer", owner_id: ada.customer.id, amount, module: "chatbot", idempotency_key: `spend-${++spent}` })
    }
    const alerts = async (type: string) =>
      ((await api.get(`/admin/ai-credits/alerts?limit=100`, asAdmin())).data.alerts as { type: string; message: string }[]).filter(
        (a) => a.type === type
      )

    it("tops up once when credit drops below the threshold, charging the saved card off-session", async () => {
      const saved = await setUp({ max_per_month: 2 })
      expect(saved.status).toEqual(200)
      expect(saved.data.auto_top_up).toMatchObject({ enabled: true, threshold: 100, max_per_month: 2, currency_code: "usd" })
      expect(stripe.requests.find((r) => r.path === "/v1/customers")?.body).toMatchObject({ payment_method: "pm_ada" })

      // Two runs at once (two servers): one top-up.
      await Promise.all([runDueAutoTopUps(container), runDueAutoTopUps(container)])
      expect(charges()).toHaveLength(1)
      expect(charges()[0].body).toMatchObject({ amount: "1000", currency: "usd", payment_method: "pm_ada", off_session: "true", confirm: "true" })
      expect(charges()[0].idempotency_key).toMatch(/^auto-top-up:/)
      expect(await available()).toEqual(1_050)
      const { attempts } = await topUps()
      expect(attempts).toEqual([expect.objectContaining({ status: "succeeded", trigger: "threshold", packs: 1, credits: 1_000, amount: "10" })])

      // Above the threshold: nothing happens.
      await runDueAutoTopUps(container)
      expect(charges()).toHaveLength(1)

      // Below again: a second top-up; a third in the month is over the limit of 2.
      await spendDownTo(20)
      await runDueAutoTopUps(container)
      expect(await available()).toEqual(1_020)
      await spendDownTo(20)
      await runDueAutoTopUps(container)
      expect(charges()).toHaveLength(2)
      expect(await available()).toEqual(20)
    })

    it("with a target balance, buys as many packs as bring it back there; the amount charged and the credits granted stay apart", async () => {
      await setUp({ target_balance: 2_500 })
      await runDueAutoTopUps(container)
      expect(charges()[0].body.amount).toEqual("3000")
      expect(await available()).toEqual(3_050)
      expect((await topUps()).attempts[0]).toMatchObject({ packs: 3, credits: 3_000, amount: "30", currency_code: "usd" })
      const wallet = await credits.findWallet("customer", ada.customer.id)
      const grants = await credits.listAiCreditGrants({ wallet_id: wallet!.id, source: "purchase" })
      expect(grants.map((g) => [g.amount, g.raw_unit_price?.value ?? g.unit_price])).toEqual([[3_000, "0.01"]])
    })

    it("respects the monthly amount limit", async () => {
      await setUp({ monthly_amount_limit: "15.00", max_per_month: 5 })
      await runDueAutoTopUps(container)
      await spendDownTo(20)
      await runDueAutoTopUps(container)
      expect(charges()).toHaveLength(1)
      expect(await available()).toEqual(20)
    })

    it("does not top up a wallet whose monthly budget is used up", async () => {
      await setUp({})
      await spendDownTo(20)
      const wallet = await credits.findWallet("customer", ada.customer.id)
      await api.post(`/admin/ai-credits/wallets/${wallet!.id}`, { monthly_spend_cap: 30, monthly_cap_action: "block" }, asAdmin())
      await runDueAutoTopUps(container)
      expect(charges()).toHaveLength(0)
      expect(await available()).toEqual(20)
    })

    it("a declined card grants nothing, raises an alert and backs off until the owner saves it again", async () => {
      await setUp({})
      stripe.declineCharges(true)
      await runDueAutoTopUps(container)
      expect(charges()).toHaveLength(1)
      expect(await available()).toEqual(50)
      const settings = await topUps()
      expect(settings.attempts[0]).toMatchObject({ status: "failed", credits: 1_000, amount: "10", error: "Your card was declined." })
      expect(settings.consecutive_failures).toEqual(1)
      expect(new Date(settings.paused_until).getTime()).toBeGreaterThan(Date.now())
      expect(await alerts("auto_top_up_failed")).toEqual([
        expect.objectContaining({ message: expect.stringContaining("no credits were added") }),
      ])

      // Backing off: the next run does not try the card again.
      await runDueAutoTopUps(container)
      expect(charges()).toHaveLength(1)

      // The owner updates the card: it runs again.
      stripe.declineCharges(false)
      await setUp({ payment_method_id: "pm_ada_new" })
      expect(stripe.requests.find((r) => r.path === "/v1/payment_methods/pm_ada_new/attach")).toBeTruthy()
      await runDueAutoTopUps(container)
      expect(await available()).toEqual(1_050)
    })

    it("stops and alerts on a burst of top-ups; an admin resumes it", async () => {
      await setUp({ max_per_month: 10 })
      for (let i = 0; i < 3; i++) {
        await runDueAutoTopUps(container)
        await spendDownTo(20)
      }
      expect(charges()).toHaveLength(3)
      await runDueAutoTopUps(container)
      expect(charges()).toHaveLength(3)
      expect((await topUps()).suspended_reason).toEqual("burst")
      expect(await alerts("auto_top_up_burst")).toHaveLength(1)

      const wallet = await credits.findWallet("customer", ada.customer.id)
      const resumed = await api.post(`/admin/ai-credits/wallets/${wallet!.id}/auto-top-up`, { max_per_month: 4 }, asAdmin())
      expect(resumed.data.auto_top_up).toMatchObject({ suspended_reason: null, max_per_month: 4 })
    })

    it("refuses bad settings with a 400 and an admin cannot set it up for the owner", async () => {
      expect((await setUp({ payment_method_id: "card_123" })).status).toEqual(400)
      expect((await setUp({ package_id: "aipkg_missing" })).status).toEqual(400)
      expect((await setUp({ target_balance: 80 })).status).toEqual(400)
      expect(await topUps()).toBeNull()
      const wallet = await credits.findWallet("customer", ada.customer.id)
      const refused = await settle(api.post(`/admin/ai-credits/wallets/${wallet!.id}/auto-top-up`, { enabled: true }, asAdmin()))
      expect(refused.status).toEqual(404)
    })
  },
})
