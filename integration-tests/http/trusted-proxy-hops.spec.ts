import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import { createAdminUser, createPublishableKey, withHeaders } from "../helpers/auth"
import { settle } from "../helpers/http"

jest.setTimeout(120_000)

/**
 * A server that clients reach directly (no proxy in front) sets `rate_limits.trusted_proxy_hops`
 * to 0: a client's own X-Forwarded-For then names no address, so it cannot pick a fresh one for
 * every request. (caller-limits.spec.ts runs with the default, one trusted hop.)
 */
beforeAll(() => {
  process.env.AI_CREDITS_TRUSTED_PROXY_HOPS = "0"
  process.env.AI_CREDITS_IP_LIMIT_PER_MINUTE = "5"
})
afterAll(() => {
  delete process.env.AI_CREDITS_TRUSTED_PROXY_HOPS
  delete process.env.AI_CREDITS_IP_LIMIT_PER_MINUTE
})

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    it("ignores X-Forwarded-For without trusted proxies: spoofed addresses share the client's limit and its guest holds", async () => {
      const container = getContainer()
      const admin = await createAdminUser(container, api)
      const pk = await createPublishableKey(container)
      await ensureDemoPricing(container)
      await api.post(
        "/admin/ai-credits/adjustments",
        { owner_type: "sales_channel", owner_id: pk.salesChannel.id, amount: 100, reason: "test" },
        withHeaders(admin.headers)
      )
      const store = (path: string, body: unknown, headers: Record<string, string>) =>
        settle(api.post(`/store/ai-credits${path}`, body, withHeaders(pk.headers, headers)))

      // A guest's hold is the client's, whatever address it claims.
      const hold = await store("/authorizations", { module: "search" }, { "x-forwarded-for": "203.0.113.1" })
      expect(hold.status).toEqual(200)
      const captured = await store(
        `/authorizations/${hold.data.authorization.id}/capture`,
        { usage: { input_tokens: 100 } },
        { "x-forwarded-for": "203.0.113.2" }
      )
      expect(captured.status).toEqual(200)

      // Five requests a minute per address (this suite's config), each claiming another address:
      // refused within the minute (or the next, when the first ends midway), never let through.
      let refused: { status: number; data: any } | null = null
      for (let i = 0; i < 12 && !refused; i++) {
        const response = await store("/authorizations", { module: "search" }, { "x-forwarded-for": `203.0.113.${10 + i}`, "x-visitor-id": `v-${i}` })
        refused = response.status === 200 ? null : response
      }
      expect(refused?.status).toEqual(429)
      expect(refused?.data).toMatchObject({ type: "rate_limited", reason: "rate_limit", rule: { per: "ip", limit: 5 } })
    })
  },
})
