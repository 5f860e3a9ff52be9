import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { IEventBusModuleService, ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureCreditPack, ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import { ensureRegion, US_REGION } from "../../src/scripts/seed"
import { orderCreditsLockKey } from "../../src/workflows"
import {
  AdminAuth,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  CustomerAuth,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"
import { checkout, createProductVariants } from "../helpers/checkout"

jest.setTimeout(180_000)

/** axios throws on 4xx; tests look at the response instead. */
const settle = <T>(promise: Promise<T>) =>
  promise.catch((error: { response?: unknown }) => {
    if (!error.response) {
      throw error
    }
    return error.response as T
  })

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const DAY_MS = 86_400_000

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let grace: CustomerAuth
    let credits: AiCreditsModuleService
    let regionId: string
    let pack: { variant_id: string; package_id: string }
    /** The orders of the running test, whose subscribers `settled()` waits for. */
    let orderIds: string[]

    beforeEach(async () => {
      orderIds = []
      container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com", groupNames: ["Retail"] })
      grace = await createCustomerWithToken(container, api, { email: "grace@example.com", groupNames: ["Wholesale"] })
      credits = container.resolve(AI_CREDITS_MODULE)
      // These tests press Capture as an admin: the store's `credit_packs.capture: "manual"`
      // (the demo captures orders of packs as they are placed; see credit-pack-capture.spec.ts).
      credits.options.credit_packs.capture = "manual"
      await ensureDemoPricing(container)
      const region = await ensureRegion(container, {
        name: US_REGION,
        currency_code: "usd",
        countries: ["us"],
        payment_providers: ["pp_system_default"],
      })
      regionId = region.id
      pack = await ensureCreditPack(container, {
        title: "Test pack (1,000 credits)",
        handle: "test-pack-1000",
        credits: 1_000,
        usd: 10,
        validityDays: 30,
        salesChannelIds: [pk.salesChannel.id],
      })
    })

    afterEach(async () => {
      await settled()
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const asAdmin = () => withHeaders(admin.headers)
    const asCustomer = (customer: CustomerAuth) => withHeaders(pk.headers, customer.headers)

    /** The store checkout: cart, line items, payment collection, system payment session, complete. */
    async function buy(customer: CustomerAuth, items: { variant_id: string; quantity: number }[]) {
      const order = await checkout(api, asCustomer(customer), regionId, items)
      orderIds.push(order.id)
      const { data } = await api.get(
        `/admin/orders/${order.id}?fields=id,*payment_collections,*payment_collections.payments`,
        asAdmin()
      )
      const payment = data.order.payment_collections[0].payments[0] as { id: string; captured_at: string | null }
      return { order, payment }
    }

    const capture = (paymentId: string) => api.post(`/admin/payments/${paymentId}/capture`, {}, asAdmin())
    const refund = (paymentId: string, amount: number) =>
      api.post(`/admin/payments/${paymentId}/refund`, { amount }, asAdmin())
    const wallet = async (customer: CustomerAuth) =>
      (await api.get("/store/ai-credits/wallet", asCustomer(customer))).data.wallet
    const orderCredits = async (orderId: string) =>
      (await api.get(`/admin/ai-credits/orders/${orderId}`, asAdmin())).data.order_credits

    const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
      let last: T | undefined
      for (let i = 0; i < 200; i++) {
        last = await read()
        if (done(last)) {
          return last
        }
        await sleep(50)
      }
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`)
    }

    /**
     * Waits until the subscribers are done: no order's lock is held and the ledger and alerts stop
     * changing, for longer than a workflow waiting for a lock sleeps between tries (0.3 s). The
     * local event bus runs subscribers in the background, and nothing reports when they finish.
     */
    async function settled() {
      const locking: ILockingModule = container.resolve(Modules.LOCKING)
      const snapshot = async () => {
        const [entries, alerts] = await Promise.all([
          credits.listAiCreditLedgerEntries({}, { select: ["id"] }),
          credits.listAiCreditAlerts({}, { select: ["id", "occurrences"] }),
        ])
        return JSON.stringify([entries.length, alerts.map((a) => `${a.id}:${a.occurrences}`).sort()])
      }
      let previous = ""
      let stable = 0
      for (let i = 0; i < 400 && stable < 8; i++) {
        await sleep(75)
        let locked = false
        for (const id of orderIds) {
          locked = locked || (await isLocked(locking, orderCreditsLockKey(id)))
        }
        const current = await snapshot()
        stable = !locked && current === previous ? stable + 1 : 0
        previous = current
      }
    }

    const emit = async (name: string, id: string) => {
      const eventBus: IEventBusModuleService = container.resolve(Modules.EVENT_BUS)
      await eventBus.emit({ name, data: { id } })
    }

    describe("buying a credit pack through the store checkout", () => {
      it("grants the credits when the payment is captured, once however often the events arrive", async () => {
        const { order, payment } = await buy(ada, [{ variant_id: pack.variant_id, quantity: 2 }])
        const line = order.items[0]
        await settled()

        // The system provider only authorizes: nothing is granted before the capture.
        expect((await wallet(ada)).grants).toEqual([])
        expect(await orderCredits(order.id)).toMatchObject({ captured: false, grants: [] })

        await capture(payment.id)
        const after = await waitFor(() => wallet(ada), (w) => w.available === 2_000, "the purchase grant")
        await settled()

        const view = await orderCredits(order.id)
        expect(view).toMatchObject({
          captured: true,
          canceled: false,
          totals: { granted: 2_000, remaining: 2_000, revoked: 0, shortfall: 0 },
        })
        const capturedAt = Date.parse(view.captured_at)
        expect(after.grants).toEqual([
          expect.objectContaining({ source: "purchase", amount: 2_000, remaining: 2_000, modules: null }),
        ])
        expect(Math.abs(Date.parse(after.grants[0].expires_at) - (capturedAt + 30 * DAY_MS))).toBeLessThan(1_000)

        const [grant] = await credits.listAiCreditGrants({ reference_type: "order", reference_id: order.id })
        expect(grant).toMatchObject({
          source: "purchase",
          cost_basis: "paid",
          amount: 2_000,
          currency_code: "usd",
          reference_type: "order",
          reference_id: order.id,
          idempotency_key: `order:${order.id}:line:${line.id}`,
          metadata: expect.objectContaining({
            order_id: order.id,
            line_item_id: line.id,
            package_id: pack.package_id,
            quantity: 2,
            credits_per_unit: 1_000,
            fills: "buyer",
            wallet_rule: "buyer",
          }),
        })
        // $10 for 1,000 credits: one credit cost exactly one cent.
        expect(view.grants[0].unit_price).toEqual("0.01")

        // Replays: the same capture and placement events, several at once, grant nothing more.
        await Promise.all([
          emit("payment.captured", payment.id),
          emit("payment.captured", payment.id),
          emit("order.placed", order.id),
          emit("order.placed", order.id),
        ])
        await settled()
        expect((await wallet(ada)).available).toEqual(2_000)
        expect(await credits.listAiCreditGrants({ reference_id: order.id })).toHaveLength(1)
        const ledger = await credits.listAiCreditLedgerEntries({ wallet_id: grant.wallet_id })
        expect(ledger.map((e) => e.type)).toEqual(["grant"])

        // The admin's "sync" runs the workflows by hand: still nothing to do.
        const sync = await api.post(`/admin/ai-credits/orders/${order.id}/sync`, {}, asAdmin())
        expect(sync.data.grant).toMatchObject({ granted: [], already_granted: [expect.objectContaining({ grant_id: grant.id })] })
        expect(sync.data.revoke).toMatchObject({ revoked: [] })
      })

      it("grants an order whose payment was captured when it was placed (no payment.captured event)", async () => {
        const { order, payment } = await buy(ada, [{ variant_id: pack.variant_id, quantity: 1 }])
        await settled()
        // What an auto-capturing provider does at authorization: captured, without the capture workflow.
        await container.resolve(Modules.PAYMENT).capturePayment({ payment_id: payment.id })
        expect((await wallet(ada)).available).toEqual(0)

        // A refund handled before the grant (events racing) has nothing to revoke yet...
        await refund(payment.id, 2.5)
        await settled()
        expect((await wallet(ada)).available).toEqual(0)

        // ...and the placement event grants the pack, then takes back the refunded quarter.
        await emit("order.placed", order.id)
        await waitFor(() => wallet(ada), (w) => w.available === 750, "the grant less the refunded share")
        await settled()
        const view = await orderCredits(order.id)
        expect(view.totals).toEqual({ granted: 1_000, remaining: 750, revoked: 250, shortfall: 0 })
      })
    })

    describe("cancel and refunds", () => {
      it("a canceled order takes back the unused credits of its pack and nothing else", async () => {
        await api.post(
          "/admin/ai-credits/adjustments",
          { owner_type: "customer", owner_id: ada.customer.id, amount: 50, reason: "goodwill" },
          asAdmin()
        )
        const { order, payment } = await buy(ada, [{ variant_id: pack.variant_id, quantity: 1 }])
        await capture(payment.id)
        await waitFor(() => wallet(ada), (w) => w.available === 1_050, "the purchase grant")
        await settled()

        // Medusa refunds the captured payment as it cancels: both order.canceled and
        // payment.refunded arrive, and the credits are revoked once.
        await api.post(`/admin/orders/${order.id}/cancel`, {}, asAdmin())
        await waitFor(() => wallet(ada), (w) => w.available === 50, "the revocation")
        await settled()

        const [grant] = await credits.listAiCreditGrants({ reference_id: order.id })
        expect(grant).toMatchObject({ status: "revoked", remaining: 0 })
        const revokes = await credits.listAiCreditLedgerEntries({ wallet_id: grant.wallet_id, type: "revoke" })
        expect(revokes).toEqual([
          expect.objectContaining({
            amount: -1_000,
            grant_id: grant.id,
            idempotency_key: `${grant.idempotency_key}:revoke`,
            metadata: expect.objectContaining({ requested: 1_000, shortfall: 0, cause: "order_canceled", order_id: order.id }),
          }),
        ])
        expect(await credits.listAiCreditAlerts({ type: "refund_shortfall" })).toEqual([])

        await Promise.all([emit("order.canceled", order.id), emit("payment.refunded", payment.id)])
        await settled()
        expect(await credits.listAiCreditLedgerEntries({ wallet_id: grant.wallet_id, type: "revoke" })).toHaveLength(1)
        expect((await wallet(ada)).available).toEqual(50)
        expect((await orderCredits(order.id)).totals).toEqual({ granted: 1_000, remaining: 0, revoked: 1_000, shortfall: 0 })
      })

      it("refunds take back their share; credits already spent are the shortfall, recorded and alerted", async () => {
        const { order, payment } = await buy(ada, [{ variant_id: pack.variant_id, quantity: 1 }])
        await capture(payment.id)
        await waitFor(() => wallet(ada), (w) => w.available === 1_000, "the purchase grant")
        await settled()

        // Spend 300 credits: 150K output tokens of gpt-4o-mini at 2 credits per 1K, metered in-process
        // (a trusted caller: a storefront may report no more than one request's maximum at once).
        const used = await credits.chargeCredits({
          owner_type: "customer",
          owner_id: ada.customer.id,
          module: "chatbot",
          provider: "local",
          model: "gpt-4o-mini",
          usage: { output_tokens: 150_000 },
          idempotency_key: "spend-300",
        })
        expect(used.usage_event.credits).toEqual(300)

        // Half the money back: half the credits (500 of the 700 left) go.
        await refund(payment.id, 5)
        await waitFor(() => wallet(ada), (w) => w.available === 200, "the first refund's revocation")
        await settled()
        expect(await credits.listAiCreditAlerts({ type: "refund_shortfall" })).toEqual([])

        // The other half: 500 asked, only 200 left; 300 were spent.
        await refund(payment.id, 5)
        await waitFor(() => wallet(ada), (w) => w.available === 0, "the second refund's revocation")
        await settled()

        const [grant] = await credits.listAiCreditGrants({ reference_id: order.id })
        const revokes = await credits.listAiCreditLedgerEntries(
          { wallet_id: grant.wallet_id, type: "revoke" },
          { order: { created_at: "ASC" } }
        )
        expect(revokes.map((e) => [e.amount, e.metadata?.requested, e.metadata?.shortfall])).toEqual([
          [-500, 500, 0],
          [-200, 500, 300],
        ])
        expect(revokes.every((e) => String(e.idempotency_key).startsWith(`${grant.idempotency_key}:refund:`))).toBe(true)

        const alerts = await credits.listAiCreditAlerts({ type: "refund_shortfall" })
        expect(alerts).toEqual([
          expect.objectContaining({
            status: "open",
            occurrences: 1,
            wallet_id: grant.wallet_id,
            dedupe_key: `refund_shortfall:order:${order.id}`,
            data: expect.objectContaining({ order_id: order.id, cause: "order_refunded", shortfall: 300 }),
          }),
        ])
        const listed = await api.get("/admin/ai-credits/alerts?status=open", asAdmin())
        expect(listed.data.alerts.map((a: { type: string }) => a.type)).toContain("refund_shortfall")

        const view = await orderCredits(order.id)
        expect(view).toMatchObject({
          refunded_amount: "10",
          captured_amount: "10",
          totals: { granted: 1_000, remaining: 0, revoked: 700, shortfall: 300 },
          alerts: [expect.objectContaining({ type: "refund_shortfall" })],
        })
        expect(view.revocations).toEqual([
          expect.objectContaining({ cause: "order_refunded", requested: 500, taken: 500, shortfall: 0 }),
          expect.objectContaining({ cause: "order_refunded", requested: 500, taken: 200, shortfall: 300 }),
        ])

        // Replayed refund events change nothing and do not count the alert again.
        await Promise.all([emit("payment.refunded", payment.id), emit("payment.refunded", payment.id)])
        await settled()
        expect(await credits.listAiCreditLedgerEntries({ wallet_id: grant.wallet_id, type: "revoke" })).toHaveLength(2)
        expect((await credits.listAiCreditAlerts({ type: "refund_shortfall" }))[0].occurrences).toEqual(1)
      })
    })

    describe("wallet rules and add-on packs", () => {
      it("fills the buyer's company group and the sales channel, with the package's modules and validity", async () => {
        const [teamVariant, seoVariant] = await createProductVariants(container, pk.salesChannel.id, [
          { title: "Team credits", handle: "team-credits", usd: 40 },
          { title: "SEO add-on", handle: "seo-add-on", usd: 3 },
        ])
        const team = await api.post(
          "/admin/ai-credits/packages",
          { variant_id: teamVariant, credits: 5_000, fills: "buyer_group" },
          asAdmin()
        )
        expect(team.status).toEqual(201)
        const seo = await api.post(
          "/admin/ai-credits/packages",
          { variant_id: seoVariant, credits: 300, fills: "sales_channel", kind: "add_on", modules: ["seo"], validity_days: 7 },
          asAdmin()
        )
        expect(seo.status).toEqual(201)

        const { order, payment } = await buy(grace, [
          { variant_id: teamVariant, quantity: 1 },
          { variant_id: seoVariant, quantity: 2 },
        ])
        await capture(payment.id)
        await waitFor(
          () => credits.listAiCreditGrants({ reference_id: order.id }),
          (grants) => grants.length === 2,
          "both grants"
        )
        await settled()

        const wholesale = grace.groups[0]
        const groupWallet = await credits.findWallet("customer_group", wholesale.id)
        const channelWallet = await credits.findWallet("sales_channel", pk.salesChannel.id)
        expect(await credits.findWallet("customer", grace.customer.id)).toBeNull()
        const [groupGrant] = await credits.listAiCreditGrants({ wallet_id: groupWallet!.id })
        const [channelGrant] = await credits.listAiCreditGrants({ wallet_id: channelWallet!.id })
        expect(groupGrant).toMatchObject({
          amount: 5_000,
          modules: null,
          expires_at: null,
          metadata: expect.objectContaining({ fills: "buyer_group", wallet_rule: "buyer_group" }),
        })
        expect(channelGrant).toMatchObject({
          amount: 600,
          modules: ["seo"],
          metadata: expect.objectContaining({ fills: "sales_channel", wallet_rule: "sales_channel", package_kind: "add_on" }),
        })
        const view = await orderCredits(order.id)
        const unitPrices = Object.fromEntries(view.grants.map((g: { amount: number; unit_price: string }) => [g.amount, g.unit_price]))
        // $40 / 5,000 credits and $3 / 300 credits.
        expect(unitPrices).toEqual({ 5000: "0.008", 600: "0.01" })
        const expiresIn = new Date(channelGrant.expires_at!).getTime() - Date.parse(view.captured_at)
        expect(Math.abs(expiresIn - 7 * DAY_MS)).toBeLessThan(1_000)

        // An add-on pack serves only its modules.
        const seoBalance = await credits.getBalance(channelWallet!.id, "seo")
        const chatBalance = await credits.getBalance(channelWallet!.id, "chatbot")
        expect([seoBalance.available, chatBalance.available]).toEqual([600, 0])
      })

      it("credits a customer in no group as the buyer for a company-group pack", async () => {
        const loner = await createCustomerWithToken(container, api, { email: "loner@example.com" })
        const [variant] = await createProductVariants(container, pk.salesChannel.id, [
          { title: "Team credits", handle: "team-credits", usd: 40 },
        ])
        await api.post("/admin/ai-credits/packages", { variant_id: variant, credits: 5_000, fills: "buyer_group" }, asAdmin())
        const { order, payment } = await buy(loner, [{ variant_id: variant, quantity: 1 }])
        await capture(payment.id)
        await waitFor(() => wallet(loner), (w) => w.available === 5_000, "the grant to the buyer")
        await settled()
        const [grant] = await credits.listAiCreditGrants({ reference_id: order.id })
        expect(grant.metadata).toMatchObject({ wallet_rule: "buyer_group_fallback_buyer" })
      })
    })

    describe("grant priority of a package", () => {
      it("stores the package's priority and grants the pack's credits with it", async () => {
        const [variant] = await createProductVariants(container, pk.salesChannel.id, [
          { title: "Priority pack", handle: "priority-pack", usd: 3 },
        ])
        const created = await settle(api.post("/admin/ai-credits/packages", { variant_id: variant, credits: 300, priority: 30 }, asAdmin()))
        expect(created.status).toEqual(201)
        expect(created.data.package).toMatchObject({ credits: 300, priority: 30 })
        const updated = await api.post(`/admin/ai-credits/packages/${created.data.package.id}`, { priority: 7 }, asAdmin())
        expect(updated.data.package).toMatchObject({ priority: 7 })
        const bad = await settle(api.post(`/admin/ai-credits/packages/${created.data.package.id}`, { priority: 1_001 }, asAdmin()))
        expect(bad.status).toEqual(400)
        expect(bad.data).toMatchObject({ type: "invalid_data", message: expect.stringContaining("priority") })

        const { order, payment } = await buy(ada, [{ variant_id: variant, quantity: 1 }])
        await capture(payment.id)
        await waitFor(() => wallet(ada), (w) => w.available === 300, "the grant of the pack")
        await settled()
        const [grant] = await credits.listAiCreditGrants({ reference_id: order.id })
        expect(grant).toMatchObject({ source: "purchase", priority: 7, amount: 300 })
      })
    })

    describe("package changes between the order and the capture", () => {
      it("a deactivated pack still grants what was paid for; a deleted one grants nothing", async () => {
        const [variant] = await createProductVariants(container, pk.salesChannel.id, [
          { title: "Retired pack", handle: "retired-pack", usd: 1 },
        ])
        const retired = await api.post("/admin/ai-credits/packages", { variant_id: variant, credits: 100 }, asAdmin())
        const { order, payment } = await buy(ada, [
          { variant_id: pack.variant_id, quantity: 1 },
          { variant_id: variant, quantity: 1 },
        ])
        await settled()
        await api.post(`/admin/ai-credits/packages/${pack.package_id}`, { is_active: false }, asAdmin())
        await api.delete(`/admin/ai-credits/packages/${retired.data.package.id}`, asAdmin())

        await capture(payment.id)
        await waitFor(() => wallet(ada), (w) => w.available === 1_000, "the grant of the deactivated pack")
        await settled()
        const view = await orderCredits(order.id)
        expect(view.lines.map((l: { variant_id: string }) => l.variant_id)).toEqual([pack.variant_id])
        expect(view.grants).toEqual([expect.objectContaining({ package_id: pack.package_id, amount: 1_000 })])
      })
    })

    describe("a grant that fails halfway", () => {
      it("takes back the lines it granted, alerts the admin, and grants them all on the next run", async () => {
        const [variant] = await createProductVariants(container, pk.salesChannel.id, [
          { title: "Storefront credits", handle: "storefront-credits", usd: 20 },
        ])
        const channelPack = await api.post(
          "/admin/ai-credits/packages",
          { variant_id: variant, credits: 2_000, fills: "sales_channel" },
          asAdmin()
        )
        const { order, payment } = await buy(ada, [
          { variant_id: pack.variant_id, quantity: 1 },
          { variant_id: variant, quantity: 1 },
        ])
        await settled()
        // Lines are granted in line id order. Make the last one fail: its wallet already used its
        // key for another grant (an idempotency conflict), after the first line was granted.
        const lines = [...order.items].sort((a, b) => (a.id < b.id ? -1 : 1))
        const last = lines[1]
        const lastIsChannelPack = last.variant_id === variant
        await credits.grantCredits({
          ...(lastIsChannelPack
            ? { owner_type: "sales_channel" as const, owner_id: pk.salesChannel.id }
            : { owner_type: "customer" as const, owner_id: ada.customer.id }),
          amount: 1,
          source: "promotion",
          cost_basis: "promotional",
          idempotency_key: `order:${order.id}:line:${last.id}`,
        })

        await capture(payment.id)
        await waitFor(
          () => credits.listAiCreditAlerts({ type: "order_credits_failed" }),
          (alerts) => alerts.length > 0,
          "the failure alert"
        )
        await settled()
        const failed = await orderCredits(order.id)
        expect(failed.grants).toEqual([
          expect.objectContaining({ line_item_id: lines[0].id, rolled_back: true, status: "revoked", remaining: 0 }),
        ])
        expect(failed.totals.granted).toEqual(0)
        const [alert] = await credits.listAiCreditAlerts({ type: "order_credits_failed" })
        expect(alert).toMatchObject({ severity: "critical", status: "open" })
        expect(alert.message).toContain(payment.id)

        // The admin moves the failing pack to the other wallet and runs the order again.
        await api.post(
          `/admin/ai-credits/packages/${channelPack.data.package.id}`,
          { fills: lastIsChannelPack ? "buyer" : "sales_channel" },
          asAdmin()
        )
        if (!lastIsChannelPack) {
          // The failing line was the buyer's pack: send it to the sales channel instead.
          await api.post(`/admin/ai-credits/packages/${pack.package_id}`, { fills: "sales_channel" }, asAdmin())
        }
        const sync = await api.post(`/admin/ai-credits/orders/${order.id}/sync`, {}, asAdmin())
        expect(sync.data.grant.granted).toHaveLength(2)
        const keys = sync.data.grant.granted.map((g: { line_item_id: string }) => g.line_item_id).sort()
        expect(keys).toEqual(lines.map((l) => l.id).sort())
        const view = sync.data.order_credits
        expect(view.totals.granted).toEqual(3_000)
        expect(view.grants.filter((g: { rolled_back: boolean }) => !g.rolled_back).map((g: { idempotency_key: string }) => g.idempotency_key).sort()).toEqual(
          [`order:${order.id}:line:${lines[0].id}:retry:2`, `order:${order.id}:line:${last.id}`].sort()
        )
      })
    })

    describe("admin credit packages API", () => {
      it("lists packages with their variant, creates, updates and deletes them", async () => {
        const list = await api.get("/admin/ai-credits/packages", asAdmin())
        expect(list.data).toMatchObject({ count: 1, offset: 0, limit: 50 })
        expect(list.data.packages[0]).toMatchObject({
          id: pack.package_id,
          credits: 1_000,
          kind: "prepaid",
          fills: "buyer",
          validity_days: 30,
          is_active: true,
          product_variant: {
            id: pack.variant_id,
            product: expect.objectContaining({ handle: "test-pack-1000" }),
            prices: [expect.objectContaining({ amount: 10, currency_code: "usd" })],
          },
        })

        const [variant] = await createProductVariants(container, pk.salesChannel.id, [
          { title: "Chatbot booster", handle: "chatbot-booster", usd: 5 },
        ])
        const created = await api.post(
          "/admin/ai-credits/packages",
          { variant_id: variant, credits: 250, kind: "add_on", modules: ["chatbot"], rank: 3 },
          asAdmin()
        )
        expect(created.status).toEqual(201)
        expect(created.data.package).toMatchObject({
          title: "Chatbot booster",
          credits: 250,
          kind: "add_on",
          fills: "buyer",
          modules: ["chatbot"],
          validity_days: null,
          is_active: true,
          rank: 3,
          product_variant: { id: variant },
        })
        const id = created.data.package.id

        const again = await settle(api.post("/admin/ai-credits/packages", { variant_id: variant, credits: 1 }, asAdmin()))
        expect(again.status).toEqual(422)
        expect(again.data.message).toContain("already credit package")

        const updated = await api.post(
          `/admin/ai-credits/packages/${id}`,
          { credits: 300, title: "Chatbot booster (300)", is_active: false, validity_days: 90, fills: "sales_channel", modules: null },
          asAdmin()
        )
        expect(updated.data.package).toMatchObject({
          id,
          credits: 300,
          title: "Chatbot booster (300)",
          is_active: false,
          validity_days: 90,
          fills: "sales_channel",
          modules: null,
          kind: "add_on",
          rank: 3,
        })
        expect((await api.get(`/admin/ai-credits/packages/${id}`, asAdmin())).data.package.credits).toEqual(300)

        const inactive = await api.get("/admin/ai-credits/packages?is_active=false", asAdmin())
        expect(inactive.data.packages.map((p: { id: string }) => p.id)).toEqual([id])
        const active = await api.get("/admin/ai-credits/packages?is_active=true&kind=prepaid", asAdmin())
        expect(active.data.packages.map((p: { id: string }) => p.id)).toEqual([pack.package_id])

        const deleted = await api.delete(`/admin/ai-credits/packages/${id}`, asAdmin())
        expect(deleted.data).toEqual({ id, object: "ai_credit_package", deleted: true })
        expect((await settle(api.get(`/admin/ai-credits/packages/${id}`, asAdmin()))).status).toEqual(404)
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data } = await query.graph({
          entity: "product_variant",
          fields: ["id", "ai_credit_package.id"],
          filters: { id: variant },
        })
        expect((data[0] as { ai_credit_package?: unknown }).ai_credit_package ?? null).toBeNull()
        // The variant can be made a package again.
        const recreated = await api.post("/admin/ai-credits/packages", { variant_id: variant, credits: 10 }, asAdmin())
        expect(recreated.status).toEqual(201)
      })

      it("answers bad input with a 400 in Medusa's error shape, an unknown variant or package with 404", async () => {
        const [variant] = await createProductVariants(container, pk.salesChannel.id, [
          { title: "Spare", handle: "spare", usd: 1 },
        ])
        const bad: Record<string, unknown>[] = [
          {},
          { variant_id: variant },
          { variant_id: variant, credits: 0 },
          { variant_id: variant, credits: 1.5 },
          { variant_id: variant, credits: "100" },
          { variant_id: variant, credits: 1e15 },
          { variant_id: variant, credits: 10, kind: "weekly" },
          { variant_id: variant, credits: 10, fills: "everyone" },
          { variant_id: variant, credits: 10, modules: ["Chat Bot"] },
          { variant_id: variant, credits: 10, validity_days: 0 },
          { variant_id: variant, credits: 10, title: "  " },
          { variant_id: variant, credits: 10, surprise: true },
        ]
        for (const body of bad) {
          const response = await settle(api.post("/admin/ai-credits/packages", body, asAdmin()))
          expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 400])
          expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data", message: expect.any(String) }))
        }
        const badUpdate = await settle(api.post(`/admin/ai-credits/packages/${pack.package_id}`, { credits: -5 }, asAdmin()))
        expect(badUpdate.status).toEqual(400)
        expect(badUpdate.data.type).toEqual("invalid_data")
        expect((await settle(api.post(`/admin/ai-credits/packages/${pack.package_id}`, { variant_id: variant }, asAdmin()))).status).toEqual(400)

        const unknownVariant = await settle(
          api.post("/admin/ai-credits/packages", { variant_id: "variant_missing", credits: 10 }, asAdmin())
        )
        expect(unknownVariant.status).toEqual(404)
        expect(unknownVariant.data).toMatchObject({ type: "not_found", message: expect.stringContaining("variant_missing") })

        expect((await settle(api.get("/admin/ai-credits/packages/aipkg_missing", asAdmin()))).status).toEqual(404)
        expect((await settle(api.post("/admin/ai-credits/packages/aipkg_missing", { credits: 5 }, asAdmin()))).status).toEqual(404)
        expect((await settle(api.delete("/admin/ai-credits/packages/aipkg_missing", asAdmin()))).status).toEqual(404)
        expect((await settle(api.get("/admin/ai-credits/orders/order_missing", asAdmin()))).status).toEqual(404)

        // Nothing was created by the refused requests.
        expect((await api.get("/admin/ai-credits/packages", asAdmin())).data.count).toEqual(1)
        expect((await settle(api.get("/admin/ai-credits/packages"))).status).toEqual(401)
      })
    })
  },
})

/** Whether a workflow holds the lock: a probe that takes it (and gives it back) when it is free. */
async function isLocked(locking: ILockingModule, key: string) {
  try {
    await locking.acquire(key, { ownerId: "credit-packs-spec", expire: 1 })
  } catch {
    return true
  }
  await locking.release(key, { ownerId: "credit-packs-spec" })
  return false
}
