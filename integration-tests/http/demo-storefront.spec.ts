import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedDemoStore, type SeedOutput } from "../../src/scripts/seed"
import { bearer, loginWithEmailPass, withHeaders } from "../helpers/auth"
import { settle } from "../helpers/http"

jest.setTimeout(120 * 1000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    describe("the demo storefront on the demo seed", () => {
      let seed: SeedOutput
      let webStore: { "x-publishable-api-key": string }

      beforeAll(async () => {
        seed = await seedDemoStore(getContainer())
        webStore = { "x-publishable-api-key": seed.publishable_keys.find((k) => k.sales_channel === "Web Store")!.token }
      })

      it("GET /ai-credits-demo is the page, with every storefront's key (the store's default first) and the demo login", async () => {
        const response = await api.get("/ai-credits-demo")

        expect(response.status).toBe(200)
        expect(response.headers["content-type"]).toMatch(/^text\/html/)
        const config = JSON.parse(/<script type="application\/json" id="demo-config">(.*?)<\/script>/s.exec(response.data)![1])
        expect(config.storefronts[0]).toEqual({ sales_channel: "Web Store", token: webStore["x-publishable-api-key"] })
        expect(config.storefronts.map((s: { sales_channel: string }) => s.sales_channel)).toContain("B2B Portal")
        expect(config.demo_customer).toEqual(expect.objectContaining({ email: "ada@example.com", password: "supersecret" }))
        expect(response.data).toContain('<script type="module" src="/ai-credits-demo/script">')
      })

      it("GET /ai-credits-demo/script is the page's script bundled with the storefront client", async () => {
        const response = await api.get("/ai-credits-demo/script")

        expect(response.status).toBe(200)
        expect(response.headers["content-type"]).toMatch(/^text\/javascript/)
        expect(response.data).toContain("/store/ai-credits")
        expect(response.data).not.toMatch(/^\s*import .* from ["']/m)
      })

      it("Ada's chats drain her 25 credits, then the chatbot offers the packs: the store's pool does not pay chats", async () => {
        const ada = withHeaders(webStore, bearer(await loginWithEmailPass(api, "customer", "ada@example.com", "supersecret")))
        const chat = () =>
          settle(api.post("/store/ai-credits/invoke", { module: "chatbot", input: { prompt: "Which pack suits me?" } }, ada))

        let response = await chat()
        const charged: number[] = []
        while (response.status === 200 && charged.length < 30) {
          charged.push(response.data.credits)
          expect(response.data.balance.available).toBe(25 - charged.reduce((a, b) => a + b, 0))
          response = await chat()
        }

        expect(response.status).toBe(402)
        expect(response.data).toEqual(
          expect.objectContaining({
            type: "insufficient_credits",
            fallback: expect.objectContaining({ type: "upgrade_prompt", message: "Your AI credits have run out." }),
          })
        )
        expect(response.data.upgrade.packs.map((p: { title: string }) => p.title)).toEqual(seed.ai_credits.packs.map((p) => p.title))
        const wallet = await api.get("/store/ai-credits/wallet", ada)
        expect(wallet.data.wallet.available).toBeLessThan(response.data.required)
      })

      it("a guest's AI search is paid by the store's pool", async () => {
        const response = await api.post(
          "/store/ai-credits/invoke",
          { module: "search", input: { prompt: "credits" }, visitor_id: "v_demo" },
          { headers: webStore }
        )

        expect(response.status).toBe(200)
        expect(response.data).toEqual(expect.objectContaining({ decision: "allow", balance: null }))
        expect(response.data.credits).toBeGreaterThan(0)
      })
    })
  },
})
