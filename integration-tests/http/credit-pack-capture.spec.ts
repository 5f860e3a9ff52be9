import type { MedusaContainer } from "@medusajs/framework/types"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureCreditPack, ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import { ensureRegion, US_REGION } from "../../src/scripts/seed"
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * `credit_packs.capture: "on_order"` (the demo's setting, so no env here): credit packs are
 * digital goods, so an order of packs only is captured as it is placed and its credits arrive
 * without an admin pressing Capture. An order with anything else waits for the usual capture.
 */
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let container: MedusaContainer
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let credits: AiCreditsModuleService
    let regionId: string
    let pack: { variant_id: string; package_id: string }

    beforeEach(async () => {
      container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com" })
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
      regionId = (
        await ensureRegion(container, {
          name: US_REGION,
          currency_code: "usd",
          countries: ["us"],
          payment_providers: ["pp_system_default"],
        })
      ).id
      pack = await ensureCreditPack(container, {
        title: "Test pack (1,000 credits)",
        handle: "test-pack-1000",
        credits: 1_000,
        usd: 10,
        validityDays: 30,
        salesChannelIds: [pk.salesChannel.id],
      })
    })

    const asAdmin = () => withHeaders(admin.headers)
    const asAda = () => withHeaders(pk.headers, ada.headers)
    const balance = async () => (await api.get("/store/ai-credits/wallet", asAda())).data.wallet?.balance ?? 0
    const payment = async (orderId: string) => {
      const { data } = await api.get(
        `/admin/orders/${orderId}?fields=id,payment_status,*payment_collections,*payment_collections.payments`,
        asAdmin()
      )
      const [first] = data.order.payment_collections[0].payments as { id: string; captured_at: string | null }[]
      return { payment_status: data.order.payment_status as string, captured: Boolean(first.captured_at) }
    }
    /** The subscribers of `order.placed` and `payment.captured` run in the background. */
    async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
      let last = await read()
      for (let i = 0; i < 200 && !done(last); i++) {
        await sleep(50)
        last = await read()
      }
      return last
    }

    it("captures an order of credit packs only as it is placed, and the credits arrive without an admin", async () => {
      const order = await checkout(api, asAda(), regionId, [{ variant_id: pack.variant_id, quantity: 2 }])

      expect(await eventually(balance, (b) => b === 2_000)).toEqual(2_000)
      expect(await payment(order.id)).toEqual({ payment_status: "captured", captured: true })
      const { data } = await api.get(`/admin/ai-credits/orders/${order.id}`, asAdmin())
      expect(data.order_credits).toMatchObject({ captured: true, grants: [expect.objectContaining({ amount: 2_000, status: "active" })] })
      expect(await credits.reconcileWallets()).toEqual([])
    })

    it("leaves an order with other goods in it to the store's usual capture", async () => {
      const [mug] = await createProductVariants(container, pk.salesChannel.id, [
        { title: "Mug", handle: "mug", usd: 12 },
      ])
      const order = await checkout(api, asAda(), regionId, [
        { variant_id: pack.variant_id, quantity: 1 },
        { variant_id: mug, quantity: 1 },
      ])

      // Given the subscribers time to act, nothing was captured or granted.
      await sleep(1_500)
      expect(await payment(order.id)).toEqual({ payment_status: "authorized", captured: false })
      expect(await balance()).toEqual(0)
    })
  },
})
