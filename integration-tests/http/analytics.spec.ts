import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import rollUpAiUsageJob from "../../src/jobs/roll-up-ai-usage"
import { AI_CREDITS_ANALYTICS_MODULE } from "../../src/modules/ai-credits-analytics"
import type AiCreditsAnalyticsModuleService from "../../src/modules/ai-credits-analytics/service"
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

jest.setTimeout(120_000)

const settle = <T>(promise: Promise<T>) =>
  promise.catch((error: { response?: unknown }) => {
    if (!error.response) {
      throw error
    }
    return error.response as T
  })

/** Today and tomorrow (UTC), as the admin's date pickers would send them. */
const today = () => new Date().toISOString().slice(0, 10)
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)

/** Parses the CSV this API writes (quoted cells may hold commas). */
function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split("\r\n")
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1].replace(/^"|"$/g, "").replace(/""/g, '"')))
}

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace" })
      await ensureDemoPricing(container)
    })

    const grant = (owner_id: string, amount: number) =>
      api.post("/admin/ai-credits/adjustments", { owner_type: "customer", owner_id, amount, reason: "test" }, withHeaders(admin.headers))
    let key = 0
    /** A metered request through the store route, as a widget records it. */
    const useAi = async (customer: CustomerAuth, body: Record<string, unknown>) => {
      const response = await api.post(
        "/store/ai-credits/usage",
        body,
        withHeaders(pk.headers, customer.headers, { "idempotency-key": `analytics-${key++}` })
      )
      expect(response.status).toEqual(200)
      return response.data.usage_event as { id: string; credits: number }
    }
    const analytics = (path: string) => settle(api.get(`/admin/ai-credits/analytics${path}`, withHeaders(admin.headers)))
    const range = () => `from=${today()}&to=${tomorrow()}`

    describe("overview and usage", () => {
      it("shows each request at once, with totals, splits and rankings an admin can read", async () => {
        await grant(ada.customer.id, 1_000)
        // gpt-4o-mini: 0.5 credits and $0.00015 per 1K input tokens, 2 credits and $0.0006 per 1K output.
        const chat = { module: "chatbot", usage: { input_tokens: 2_000, output_tokens: 1_000 } }
        // gpt-4o: 5 credits and $0.0025 per 1K input, 20 credits and $0.01 per 1K output.
        const content = { module: "content", usage: { input_tokens: 1_000, output_tokens: 500 } }
        const events = [await useAi(ada, chat), await useAi(ada, chat), await useAi(ada, content)]
        expect(events.map((e) => e.credits)).toEqual([3, 3, 15])

        // No roll-up has run: the answer includes the requests just made.
        const overview = await analytics(`/overview?${range()}`)
        expect(overview.status).toEqual(200)
        expect(overview.data.totals).toEqual({
          requests: 3,
          refunded_requests: 0,
          images: 0,
          input_tokens: 5_000,
          output_tokens: 2_500,
          credits: 21,
          refunded_credits: 0,
          net_credits: 21,
          provider_cost: { usd: "0.0093" },
        })
        expect(overview.data.by_module).toEqual([
          expect.objectContaining({ module: "content", requests: 1, credits: 15, provider_cost: { usd: "0.0075" } }),
          expect.objectContaining({ module: "chatbot", requests: 2, credits: 6, provider_cost: { usd: "0.0018" } }),
        ])
        expect(overview.data.by_model.map((r: any) => [r.provider, r.model, r.credits])).toEqual([
          ["local", "gpt-4o", 15],
          ["local", "gpt-4o-mini", 6],
        ])
        expect(overview.data.by_provider).toEqual([expect.objectContaining({ provider: "local", credits: 21 })])
        expect(overview.data.top_customers).toEqual([
          expect.objectContaining({
            customer_id: ada.customer.id,
            customer_email: "ada@example.com",
            customer_name: "Ada Lovelace",
            credits: 21,
          }),
        ])
        expect(overview.data.top_sales_channels).toEqual([
          expect.objectContaining({ sales_channel_id: pk.salesChannel.id, sales_channel_name: "Web Store", requests: 3 }),
        ])
        expect(overview.data.series.map((r: any) => [r.bucket, r.module, r.credits])).toEqual([
          [`${today()}T00:00:00Z`, "content", 15],
          [`${today()}T00:00:00Z`, "chatbot", 6],
        ])
        expect(overview.data.buckets).toEqual([`${today()}T00:00:00Z`])
        expect(overview.data.range).toEqual({
          from: `${today()}T00:00:00.000Z`,
          to: `${tomorrow()}T00:00:00.000Z`,
          granularity: "day",
          tz: "UTC",
          sales_channel_id: null,
        })

        // The job rolls them up; the answer does not change.
        await rollUpAiUsageJob(getContainer())
        const service: AiCreditsAnalyticsModuleService = getContainer().resolve(AI_CREDITS_ANALYTICS_MODULE)
        await service.rollUpUsage({ safety_margin_ms: 0 })
        const status = await analytics("/status")
        expect(status.data.rollup).toMatchObject({ rolled_up_to: expect.any(String), lag_seconds: expect.any(Number) })
        const again = await analytics(`/overview?${range()}`)
        expect(again.data.totals).toEqual(overview.data.totals)
        expect(again.data.top_customers).toEqual(overview.data.top_customers)
        expect(again.data.series).toEqual(overview.data.series)
      })

      it("counts a refunded result as soon as the admin refunds it", async () => {
        await grant(ada.customer.id, 100)
        const event = await useAi(ada, { module: "chatbot", usage: { input_tokens: 2_000, output_tokens: 1_000 } })
        const service: AiCreditsAnalyticsModuleService = getContainer().resolve(AI_CREDITS_ANALYTICS_MODULE)
        await service.rollUpUsage({ safety_margin_ms: 0 })
        const refunded = await api.post(`/admin/ai-credits/usage/${event.id}/refund`, { reason: "wrong answer" }, withHeaders(admin.headers))
        expect(refunded.status).toEqual(200)

        const overview = await analytics(`/overview?${range()}`)
        expect(overview.data.totals).toMatchObject({ requests: 1, credits: 3, refunded_requests: 1, refunded_credits: 3, net_credits: 0 })
        await service.rollUpUsage({ safety_margin_ms: 0 })
        expect((await analytics(`/overview?${range()}`)).data.totals).toEqual(overview.data.totals)
      })

      it("answers time series by hour, grouped and filtered, and exports them as CSV", async () => {
        await grant(ada.customer.id, 1_000)
        await useAi(ada, { module: "chatbot", usage: { input_tokens: 2_000, output_tokens: 1_000 } })
        await useAi(ada, { module: "content", usage: { input_tokens: 1_000, output_tokens: 500 } })
        const hour = new Date().toISOString().slice(0, 13)

        const series = await analytics(`/usage?${range()}&granularity=hour&group_by=module`)
        expect(series.status).toEqual(200)
        expect(series.data.group_by).toEqual("module")
        expect(series.data.buckets).toHaveLength(24)
        expect(series.data.rows.map((r: any) => [r.bucket, r.module, r.credits])).toEqual([
          [`${hour}:00:00Z`, "content", 15],
          [`${hour}:00:00Z`, "chatbot", 3],
        ])

        const perCustomer = await analytics(`/usage?${range()}&group_by=customer&sales_channel_id=${pk.salesChannel.id}`)
        expect(perCustomer.data.rows).toEqual([
          expect.objectContaining({ bucket: `${today()}T00:00:00Z`, customer_id: ada.customer.id, customer_email: "ada@example.com", credits: 18 }),
        ])
        const oneModule = await analytics(`/usage?${range()}&granularity=month&module=content`)
        expect(oneModule.data.rows.map((r: any) => r.credits)).toEqual([15])

        const csv = await analytics(`/usage?${range()}&granularity=hour&group_by=module&format=csv`)
        expect(csv.status).toEqual(200)
        expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
        expect(csv.headers["content-disposition"]).toMatch(/attachment; filename="ai-usage-by-hour-and-module_.*\.csv"/)
        const [header, ...rows] = parseCsv(csv.data)
        expect(header).toEqual([
          "bucket",
          "module",
          "requests",
          "refunded_requests",
          "input_tokens",
          "output_tokens",
          "images",
          "credits",
          "refunded_credits",
          "net_credits",
          "provider_cost_usd",
        ])
        expect(rows).toEqual([
          [`${hour}:00:00Z`, "content", "1", "0", "1000", "500", "0", "15", "0", "15", "0.0075"],
          [`${hour}:00:00Z`, "chatbot", "1", "0", "2000", "1000", "0", "3", "0", "3", "0.0009"],
        ])

        const topCustomers = await analytics(`/overview?${range()}&format=csv&section=top_customers`)
        const [customerHeader, customerRow] = parseCsv(topCustomers.data)
        expect(customerHeader.slice(0, 3)).toEqual(["customer_id", "customer_email", "customer_name"])
        expect(customerRow.slice(0, 3)).toEqual([ada.customer.id, "ada@example.com", "Ada Lovelace"])
      })

      it("refuses bad parameters with 400 in Medusa's error shape", async () => {
        for (const query of [
          "/overview?from=yesterday",
          `/overview?from=${tomorrow()}&to=${today()}`,
          "/overview?granularity=week",
          "/overview?tz=Mars/Olympus",
          "/overview?limit=0",
          "/overview?format=xml",
          "/overview?section=everything",
          "/overview?unknown=1",
          "/usage?group_by=wallet",
          "/usage?granularity=hour&from=2026-01-01&to=2026-12-31",
          "/usage?module=Chat%20Bot",
          "/roi?from=not-a-date",
        ]) {
          const response = await analytics(query)
          expect([query, response.status]).toEqual([query, 400])
          expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data", message: expect.any(String) }))
        }
        for (const body of [{}, { hourly_rate: -1 }, { minutes_saved_per_item: "ten" }, { currency_code: "dollars" }, { surprise: 1 }]) {
          const response = await settle(api.post("/admin/ai-credits/analytics/roi/settings", body, withHeaders(admin.headers)))
          expect([body, response.status]).toEqual([body, 400])
        }
      })
    })

    describe("ROI", () => {
      it("attributes the revenue of an order whose cart used AI, and compares carts with and without AI", async () => {
        const container = getContainer()
        const cartModule = container.resolve(Modules.CART)
        const orderModule = container.resolve(Modules.ORDER)
        const link = container.resolve(ContainerRegistrationKeys.LINK)
        const grace = await createCustomerWithToken(container, api, { email: "grace@example.com" })
        await grant(ada.customer.id, 1_000)

        const aiCart = await cartModule.createCarts({ currency_code: "usd", customer_id: ada.customer.id, sales_channel_id: pk.salesChannel.id })
        const plainCart = await cartModule.createCarts({ currency_code: "usd", customer_id: grace.customer.id, sales_channel_id: pk.salesChannel.id })
        await useAi(ada, { module: "chatbot", usage: { input_tokens: 2_000, output_tokens: 1_000 }, cart_id: aiCart.id })
        await useAi(ada, { module: "content", usage: { input_tokens: 1_000, output_tokens: 500 } })

        // One at a time: createOrders does not promise to answer in the order it was given.
        const aiOrder = await orderModule.createOrders({
          currency_code: "usd",
          customer_id: ada.customer.id,
          email: "ada@example.com",
          items: [{ title: "Rain jacket", quantity: 2, unit_price: 49.95 }],
        })
        const plainOrder = await orderModule.createOrders({
          currency_code: "usd",
          customer_id: grace.customer.id,
          email: "grace@example.com",
          items: [{ title: "Scarf", quantity: 1, unit_price: 20.1 }],
        })
        await link.create({ [Modules.ORDER]: { order_id: aiOrder.id }, [Modules.CART]: { cart_id: aiCart.id } })
        await cartModule.updateCarts(aiCart.id, { completed_at: new Date() })

        const roi = await analytics(`/roi?${range()}`)
        expect(roi.status).toEqual(200)
        expect(roi.data.attribution).toMatch(/cart had at least one metered AI request.*30 days/)
        expect(roi.data.revenue).toEqual([
          {
            currency_code: "usd",
            orders: 2,
            revenue: "120",
            ai_assisted_orders: 1,
            ai_assisted_revenue: "99.9",
            by_cart: 1,
            by_customer: 0,
          },
        ])
        expect(roi.data.spend).toEqual({
          requests: 2,
          credits: 18,
          refunded_credits: 0,
          net_credits: 18,
          provider_cost: { usd: "0.0084" },
        })
        expect(roi.data.return_on_provider_cost).toEqual([
          { currency_code: "usd", ai_assisted_revenue: "99.9", provider_cost: "0.0084", ratio: "11892.86" },
        ])
        expect(roi.data.carts).toEqual({
          carts: 2,
          completed: 1,
          conversion_rate: 0.5,
          with_ai: { carts: 1, completed: 1, conversion_rate: 1 },
          without_ai: { carts: 1, completed: 0, conversion_rate: 0 },
        })
        // Defaults: the content module's request saved 10 minutes at $30 an hour.
        expect(roi.data.automation).toEqual({
          modules: ["seo", "content"],
          items: 1,
          minutes_saved_per_item: "10",
          hourly_rate: "30",
          currency_code: "usd",
          hours_saved: "0.17",
          savings: "5.00",
        })
        expect(plainOrder.id).toBeDefined()
        expect(plainCart.id).toBeDefined()

        const saved = await api.post(
          "/admin/ai-credits/analytics/roi/settings",
          { minutes_saved_per_item: 12, hourly_rate: "45.50", attribution_window_days: 7 },
          withHeaders(admin.headers)
        )
        expect(saved.data.settings).toEqual({
          minutes_saved_per_item: "12",
          hourly_rate: "45.5",
          currency_code: "usd",
          automation_modules: ["seo", "content"],
          attribution_window_days: 7,
        })
        expect((await analytics("/roi/settings")).data.settings).toEqual(saved.data.settings)
        const after = await analytics(`/roi?${range()}`)
        expect(after.data.automation).toMatchObject({ hours_saved: "0.2", savings: "9.10" })
        expect(after.data.attribution).toMatch(/7 days/)

        const csv = await analytics(`/roi?${range()}&format=csv`)
        expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
        const rows = parseCsv(csv.data)
        expect(rows[0]).toEqual(["metric", "value"])
        expect(rows).toEqual(expect.arrayContaining([["revenue.usd.ai_assisted_revenue", "99.9"], ["automation.savings", "9.10"]]))
      })
    })
  },
})
