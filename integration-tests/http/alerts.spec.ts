import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureCustomerGroup } from "../../src/scripts/seed"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
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

type ListedAlert = { type: string; message: string; wallet_id: string | null; owner: Record<string, unknown> | null }

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let credits: AiCreditsModuleService

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, {
        email: "ada@example.com",
        first_name: "Ada",
        last_name: "Lovelace",
        groupNames: ["Retail"],
      })
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
    })

    afterEach(async () => {
      await credits.forgetQuotaRules()
    })

    const walletOf = async (owner_type: string, owner_id: string) => {
      const response = await api.post(
        "/admin/ai-credits/adjustments",
        { owner_type, owner_id, amount: 100, reason: "test" },
        withHeaders(admin.headers)
      )
      return response.data.balance.wallet_id as string
    }
    const listAlerts = async () =>
      (await api.get("/admin/ai-credits/alerts?limit=100", withHeaders(admin.headers))).data.alerts as ListedAlert[]

    it("names each alert's owner: a customer by name, email and groups, a group or storefront wallet by its name, visitors by their storefront", async () => {
      const wholesale = await ensureCustomerGroup(getContainer(), "Wholesale")
      const adaWallet = await walletOf("customer", ada.customer.id)
      const groupWallet = await walletOf("customer_group", wholesale.id)
      const storefrontWallet = await walletOf("sales_channel", pk.salesChannel.id)
      for (const [walletId, key] of [
        [adaWallet, "ada"],
        [groupWallet, "group"],
        [storefrontWallet, "storefront"],
      ]) {
        await credits.raiseAlert({ type: "low_balance", message: `Wallet ${walletId} is low`, dedupe_key: `test:${key}`, wallet_id: walletId })
      }
      // A quota refuses Ada's request (the alert names her scope, no wallet), and anonymous visitors of the storefront.
      await api.post(
        "/admin/ai-credits/quota-rules",
        { name: "No chatbot", module: "chatbot", metric: "requests", window: "day", limit: 0 },
        withHeaders(admin.headers)
      )
      const refused = await settle(
        api.post("/store/ai-credits/authorizations", { module: "chatbot" }, withHeaders(pk.headers, ada.headers))
      )
      expect(refused.status).toEqual(429)
      await credits.raiseAlert({
        type: "quota_blocked",
        message: `refused requests of anonymous visitors of ${pk.token}`,
        dedupe_key: "test:visitors",
        data: { subject: null, storefront: pk.token },
      })

      const alerts = await listAlerts()
      const ownerOf = (predicate: (alert: ListedAlert) => boolean) => alerts.find(predicate)?.owner
      const adaOwner = {
        type: "customer",
        id: ada.customer.id,
        name: "Ada Lovelace",
        email: "ada@example.com",
        groups: ["Retail"],
        storefront: null,
      }
      expect(ownerOf((a) => a.wallet_id === adaWallet)).toEqual(adaOwner)
      expect(ownerOf((a) => a.type === "quota_blocked" && a.message.includes(ada.customer.id))).toEqual(adaOwner)
      expect(ownerOf((a) => a.wallet_id === groupWallet)).toMatchObject({ type: "customer_group", id: wholesale.id, name: "Wholesale" })
      expect(ownerOf((a) => a.wallet_id === storefrontWallet)).toMatchObject({
        type: "sales_channel",
        id: pk.salesChannel.id,
        name: "Web Store",
        storefront: "Web Store",
      })
      expect(ownerOf((a) => a.message.includes("anonymous visitors"))).toMatchObject({ type: "visitor", name: null, storefront: "Web Store" })
    })
  },
})
