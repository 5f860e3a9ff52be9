import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { allocatePoolCreditsWorkflow } from "../../src/workflows"
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

jest.setTimeout(90_000)

medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let ada: CustomerAuth
    let grace: CustomerAuth
    let credits: AiCreditsModuleService

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      ada = await createCustomerWithToken(container, api, { email: "ada@example.com", groupNames: ["Retail"] })
      grace = await createCustomerWithToken(container, api, { email: "grace@example.com", groupNames: ["Wholesale"] })
      credits = container.resolve(AI_CREDITS_MODULE)
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    const adjust = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      settle(api.post("/admin/ai-credits/adjustments", body, withHeaders(admin.headers, headers)))

    describe("POST /admin/ai-credits/adjustments", () => {
      it("grants credits to a customer, creating the wallet, and records the admin user", async () => {
        const response = await adjust({
          owner_type: "customer",
          owner_id: ada.customer.id,
          amount: 500,
          reason: "launch goodwill",
        })
        expect(response.status).toEqual(201)
        expect(response.data.balance).toMatchObject({ balance: 500, available: 500, reserved: 0 })

        const walletId = response.data.balance.wallet_id
        const ledger = await api.get(`/admin/ai-credits/wallets/${walletId}/ledger`, withHeaders(admin.headers))
        expect(ledger.data.count).toEqual(1)
        expect(ledger.data.ledger_entries[0]).toMatchObject({
          type: "grant",
          amount: 500,
          balance_after: 500,
          actor_type: "user",
          actor_id: admin.user.id,
          reason: "launch goodwill",
        })
      })

      it("is safe to retry with the same Idempotency-Key, and refuses the key for another change", async () => {
        const body = { owner_type: "customer", owner_id: ada.customer.id, amount: 50, reason: "retry test" }
        const first = await adjust(body, { "idempotency-key": "adj-1" })
        const second = await adjust(body, { "idempotency-key": "adj-1" })
        expect(first.status).toEqual(201)
        expect(second.status).toEqual(200)
        expect(second.data.balance.balance).toEqual(50)

        const conflict = await adjust({ ...body, amount: 60 }, { "idempotency-key": "adj-1" })
        expect(conflict.status).toEqual(409)
        expect(conflict.data).toMatchObject({ type: "idempotency_conflict" })
      })

      it("takes credits out with a negative amount and refuses more than the wallet has", async () => {
        await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: 100, reason: "grant" })
        const taken = await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: -30, reason: "correction" })
        expect(taken.status).toEqual(201)
        expect(taken.data.balance).toMatchObject({ balance: 70 })

        const tooMuch = await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: -71, reason: "too much" })
        expect(tooMuch.status).toEqual(402)
        expect(tooMuch.data).toMatchObject({ type: "insufficient_credits", available: 70 })
      })

      it("revokes from one grant and refuses a revoke beyond what the grant has left", async () => {
        const granted = await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: 40, reason: "grant" })
        const grantId = granted.data.adjustment.grant.id
        const beyond = await adjust({
          owner_type: "customer",
          owner_id: ada.customer.id,
          amount: -41,
          grant_id: grantId,
          reason: "revoke",
        })
        expect(beyond.status).toEqual(400)
        expect(beyond.data).toMatchObject({ type: "exceeds_remaining", remaining: 40 })
      })

      it("answers bad input with a 400 in Medusa's error shape and changes nothing", async () => {
        const bad: Record<string, unknown>[] = [
          { owner_type: "customer", owner_id: ada.customer.id, amount: 0, reason: "zero" },
          { owner_type: "customer", owner_id: ada.customer.id, amount: 1.5, reason: "fraction" },
          { owner_type: "customer", owner_id: ada.customer.id, amount: "100", reason: "string" },
          { owner_type: "customer", owner_id: ada.customer.id, amount: 1e15, reason: "absurd" },
          { owner_type: "customer", owner_id: ada.customer.id, amount: 10 },
          { owner_type: "customer", owner_id: ada.customer.id, amount: 10, reason: "   " },
          { owner_type: "planet", owner_id: "earth", amount: 10, reason: "bad owner type" },
          { owner_type: "customer", owner_id: ada.customer.id, amount: 10, reason: "past", expires_at: "2001-01-01" },
          { owner_type: "customer", owner_id: ada.customer.id, amount: 10, reason: "extra", surprise: true },
        ]
        for (const body of bad) {
          const response = await adjust(body)
          expect(response.status).toEqual(400)
          expect(response.data).toEqual(expect.objectContaining({ type: "invalid_data", message: expect.any(String) }))
        }
        const wallets = await api.get("/admin/ai-credits/wallets", withHeaders(admin.headers))
        expect(wallets.data.count).toEqual(0)
      })

      it("sets a grant's priority and source, and spending burns the higher-priority grant (lower number) first", async () => {
        await ensureDemoPricing(getContainer())
        const older = await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: 10, reason: "goodwill" })
        expect(older.data.adjustment.grant).toMatchObject({ priority: 50, source: "adjustment" })
        const urgent = await adjust({
          owner_type: "customer",
          owner_id: ada.customer.id,
          amount: 10,
          reason: "campaign",
          priority: 5,
          source: "promotion",
        })
        expect(urgent.status).toEqual(201)
        expect(urgent.data.adjustment.grant).toMatchObject({ priority: 5, source: "promotion" })

        // 100 input tokens and one request of "search" cost 2 credits: the newer, priority-5 grant pays.
        const spent = await settle(
          api.post(
            "/store/ai-credits/usage",
            { module: "search", usage: { input_tokens: 100, requests: 1 } },
            withHeaders(pk.headers, ada.headers, { "idempotency-key": "priority-spend" })
          )
        )
        expect(spent.status).toEqual(200)
        expect(spent.data.usage_event.credits).toEqual(2)
        const detail = await api.get(`/admin/ai-credits/wallets/${older.data.balance.wallet_id}`, withHeaders(admin.headers))
        const remaining = Object.fromEntries(detail.data.wallet.grants.map((g: { priority: number; remaining: number }) => [g.priority, g.remaining]))
        expect(remaining).toEqual({ 5: 8, 50: 10 })

        for (const bad of [{ priority: -1 }, { priority: 1.5 }, { priority: 1_001 }, { source: "purchase" }, { source: "plan" }]) {
          const refused = await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: 1, reason: "bad", ...bad })
          expect(refused.status).toEqual(400)
          expect(refused.data).toMatchObject({ type: "invalid_data", message: expect.stringMatching(/priority|source/) })
        }
        const negative = await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: -1, reason: "x", priority: 1 })
        expect(negative.status).toEqual(400)
      })

      it("answers 404 for an owner that does not exist, without creating a wallet", async () => {
        const response = await adjust({ owner_type: "customer", owner_id: "cus_missing", amount: 10, reason: "typo" })
        expect(response.status).toEqual(404)
        expect(response.data.type).toEqual("not_found")
        expect((await api.get("/admin/ai-credits/wallets", withHeaders(admin.headers))).data.count).toEqual(0)
      })

      it("refuses requests without an admin session", async () => {
        const response = await settle(
          api.post("/admin/ai-credits/adjustments", { owner_type: "customer", owner_id: ada.customer.id, amount: 10, reason: "x" })
        )
        expect(response.status).toEqual(401)
      })
    })

    describe("wallets", () => {
      it("lists wallets with balances, filters by owner and by sales channel, and shows one with its grants", async () => {
        await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: 10, reason: "a" })
        await adjust({ owner_type: "customer", owner_id: grace.customer.id, amount: 20, reason: "g" })
        await adjust({ owner_type: "sales_channel", owner_id: pk.salesChannel.id, amount: 30, reason: "sc" })

        const all = await api.get("/admin/ai-credits/wallets", withHeaders(admin.headers))
        expect(all.data.count).toEqual(3)
        const onlyGrace = await api.get(
          `/admin/ai-credits/wallets?owner_type=customer&owner_id=${grace.customer.id}`,
          withHeaders(admin.headers)
        )
        expect(onlyGrace.data.wallets).toEqual([expect.objectContaining({ owner_id: grace.customer.id, balance: 20, available: 20 })])
        const byChannel = await api.get(
          `/admin/ai-credits/wallets?sales_channel_id=${pk.salesChannel.id}`,
          withHeaders(admin.headers)
        )
        expect(byChannel.data.wallets).toEqual([expect.objectContaining({ owner_type: "sales_channel", balance: 30 })])

        const detail = await api.get(`/admin/ai-credits/wallets/${onlyGrace.data.wallets[0].id}`, withHeaders(admin.headers))
        expect(detail.data.wallet).toMatchObject({ balance: 20, grants: [expect.objectContaining({ amount: 20, remaining: 20, source: "adjustment" })] })

        const missing = await settle(api.get("/admin/ai-credits/wallets/aiwal_missing", withHeaders(admin.headers)))
        expect(missing.status).toEqual(404)
      })

      it("updates a wallet's overage limit and hold cap", async () => {
        const granted = await adjust({ owner_type: "customer", owner_id: ada.customer.id, amount: 10, reason: "a" })
        const id = granted.data.balance.wallet_id
        const updated = await api.post(
          `/admin/ai-credits/wallets/${id}`,
          { overage_limit: 25, max_hold_credits: 5 },
          withHeaders(admin.headers)
        )
        expect(updated.data.wallet).toMatchObject({ overage_limit: 25, max_hold_credits: 5 })
        const negative = await settle(api.post(`/admin/ai-credits/wallets/${id}`, { overage_limit: -1 }, withHeaders(admin.headers)))
        expect(negative.status).toEqual(400)
      })

      it("allocates credit from a pool to a member sales channel within its cap", async () => {
        const pool = await adjust({ owner_type: "pool", owner_id: "enterprise", amount: 1_000, reason: "contract" })
        const poolId = pool.data.balance.wallet_id
        const notMember = await settle(
          api.post(
            `/admin/ai-credits/wallets/${poolId}/allocations`,
            { sales_channel_id: pk.salesChannel.id, amount: 100, reason: "allocation" },
            withHeaders(admin.headers)
          )
        )
        expect(notMember.status).toEqual(403)

        const member = await api.post(
          `/admin/ai-credits/wallets/${poolId}/pool-members`,
          { sales_channel_id: pk.salesChannel.id, allocation_cap: 300 },
          withHeaders(admin.headers)
        )
        expect(member.status).toEqual(201)

        const allocated = await api.post(
          `/admin/ai-credits/wallets/${poolId}/allocations`,
          { sales_channel_id: pk.salesChannel.id, amount: 200, reason: "November" },
          withHeaders(admin.headers)
        )
        expect(allocated.data.pool).toMatchObject({ balance: 800 })
        expect(allocated.data.sales_channel_wallet).toMatchObject({ balance: 200 })

        const overCap = await settle(
          api.post(
            `/admin/ai-credits/wallets/${poolId}/allocations`,
            { sales_channel_id: pk.salesChannel.id, amount: 101, reason: "too much" },
            withHeaders(admin.headers)
          )
        )
        expect(overCap.status).toEqual(400)
        expect(overCap.data).toMatchObject({ type: "cap_exceeded" })

        const poolDetail = await api.get(`/admin/ai-credits/wallets/${poolId}`, withHeaders(admin.headers))
        expect(poolDetail.data.wallet.pool_members).toEqual([
          expect.objectContaining({ sales_channel_id: pk.salesChannel.id, allocation_cap: 300, allocated: 200 }),
        ])
      })

      it("creates a storefront's wallet once when first allocations race, and the cap decides the rest", async () => {
        const pool = await adjust({ owner_type: "pool", owner_id: "enterprise", amount: 1_000, reason: "contract" })
        const poolId = pool.data.balance.wallet_id
        await api.post(
          `/admin/ai-credits/wallets/${poolId}/pool-members`,
          { sales_channel_id: pk.salesChannel.id, allocation_cap: 600 },
          withHeaders(admin.headers)
        )
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            settle(
              api.post(
                `/admin/ai-credits/wallets/${poolId}/allocations`,
                { sales_channel_id: pk.salesChannel.id, amount: 100, reason: `race ${i}` },
                withHeaders(admin.headers)
              )
            )
          )
        )
        const outcomes = answers.map((a) => (a.status === 200 ? "allocated" : `${a.status} ${a.data.type}`))
        expect(outcomes.filter((o) => o === "allocated")).toHaveLength(6)
        expect(outcomes.filter((o) => o !== "allocated")).toEqual(Array(6).fill("400 cap_exceeded"))

        const wallets = await api.get(`/admin/ai-credits/wallets?owner_type=sales_channel`, withHeaders(admin.headers))
        const channelWallets = wallets.data.wallets.filter((w: { owner_id: string }) => w.owner_id === pk.salesChannel.id)
        expect(channelWallets).toHaveLength(1)
        expect(channelWallets[0]).toMatchObject({ balance: 600 })
        const poolDetail = await api.get(`/admin/ai-credits/wallets/${poolId}`, withHeaders(admin.headers))
        expect(poolDetail.data.wallet).toMatchObject({ balance: 400 })
      })

      it("never loses a storefront's wallet to a racing allocation that failed", async () => {
        const pool = await adjust({ owner_type: "pool", owner_id: "enterprise", amount: 1_000, reason: "contract" })
        const poolId = pool.data.balance.wallet_id
        await api.post(
          `/admin/ai-credits/wallets/${poolId}/pool-members`,
          { sales_channel_id: pk.salesChannel.id, allocation_cap: 300 },
          withHeaders(admin.headers)
        )
        // In-process callers race harder than HTTP ones: every run looks for the wallet at once.
        const runs = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            allocatePoolCreditsWorkflow(getContainer()).run({
              input: {
                pool_wallet_id: poolId,
                sales_channel_id: pk.salesChannel.id,
                amount: 100,
                reason: `race ${i}`,
                idempotency_key: `race-${i}`,
                actor: { type: "user", id: admin.user.id },
              },
            })
          )
        )
        const failures = runs.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []))
        expect(runs.filter((r) => r.status === "fulfilled")).toHaveLength(3)
        expect(failures).toHaveLength(9)
        expect(failures.filter((m) => m.includes("already exists"))).toEqual([])
        const channelWallet = await credits.findWallet("sales_channel", pk.salesChannel.id)
        expect(channelWallet).toMatchObject({ balance: 300 })
        expect((await api.get(`/admin/ai-credits/wallets/${poolId}`, withHeaders(admin.headers))).data.wallet).toMatchObject({ balance: 700 })
      })
      it("keeps a storefront's wallet for the allocations that fit when racing ones exceed the cap", async () => {
        const pool = await adjust({ owner_type: "pool", owner_id: "enterprise", amount: 10_000, reason: "contract" })
        const poolId = pool.data.balance.wallet_id
        await api.post(
          `/admin/ai-credits/wallets/${poolId}/pool-members`,
          { sales_channel_id: pk.salesChannel.id, allocation_cap: 300 },
          withHeaders(admin.headers)
        )
        // The first run (which creates the wallet) is one that cannot fit: its compensation must
        // not take the wallet away from the runs that fit.
        const allocate = (amount: number, key: string) =>
          allocatePoolCreditsWorkflow(getContainer()).run({
            input: {
              pool_wallet_id: poolId,
              sales_channel_id: pk.salesChannel.id,
              amount,
              reason: key,
              idempotency_key: key,
              actor: { type: "user", id: admin.user.id },
            },
          })
        const runs = await Promise.allSettled([
          ...Array.from({ length: 4 }, (_, i) => allocate(1_000, `too-much-${i}`)),
          ...Array.from({ length: 12 }, (_, i) => allocate(10, `fits-${i}`)),
        ])
        const outcomes = runs.map((r) => (r.status === "fulfilled" ? "allocated" : String((r.reason as Error).message)))
        expect(outcomes.slice(4)).toEqual(Array(12).fill("allocated"))
        expect(outcomes.slice(0, 4)).toEqual(Array(4).fill(expect.stringContaining("may allocate")))

        const wallets = await api.get(`/admin/ai-credits/wallets?owner_type=sales_channel`, withHeaders(admin.headers))
        const channelWallets = wallets.data.wallets.filter((w: { owner_id: string }) => w.owner_id === pk.salesChannel.id)
        expect(channelWallets).toHaveLength(1)
        expect(channelWallets[0]).toMatchObject({ balance: 120 })
        const ledger = await api.get(`/admin/ai-credits/wallets/${channelWallets[0].id}/ledger`, withHeaders(admin.headers))
        const entries = ledger.data.ledger_entries as { type: string; amount: number }[]
        expect(entries.filter((e) => e.type === "allocate")).toHaveLength(12)
        expect(entries.reduce((sum, e) => sum + e.amount, 0)).toEqual(120)
        expect((await api.get(`/admin/ai-credits/wallets/${poolId}`, withHeaders(admin.headers))).data.wallet).toMatchObject({ balance: 9_880 })
      })

      it("lets an allocation that found the new wallet finish after the one that created it failed", async () => {
        const pool = await adjust({ owner_type: "pool", owner_id: "enterprise", amount: 1_000, reason: "contract" })
        const poolId = pool.data.balance.wallet_id
        await api.post(
          `/admin/ai-credits/wallets/${poolId}/pool-members`,
          { sales_channel_id: pk.salesChannel.id, allocation_cap: 300 },
          withHeaders(admin.headers)
        )
        // The interleaving of the race, step by step: A creates the wallet; B finds it; A's transfer
        // is refused (over the cap) and A compensates; then B transfers into the wallet it found.
        let foundByB: { wallet: { id: string }; created: boolean } | undefined
        const transfer = credits.transferCredits.bind(credits)
        const spy = jest.spyOn(credits, "transferCredits").mockImplementation(async (input, context) => {
          if (input.idempotency_key === "a" && !foundByB) {
            foundByB = await credits.ensureWallet({ owner_type: "sales_channel", owner_id: pk.salesChannel.id })
          }
          return await transfer(input, context)
        })
        try {
          const runA = allocatePoolCreditsWorkflow(getContainer()).run({
            input: {
              pool_wallet_id: poolId,
              sales_channel_id: pk.salesChannel.id,
              amount: 500,
              reason: "A",
              idempotency_key: "a",
              actor: { type: "user", id: admin.user.id },
            },
          })
          // Errors that passed through a workflow are plain objects, not Error instances.
          await expect(runA).rejects.toMatchObject({ message: expect.stringContaining("may allocate") })
        } finally {
          spy.mockRestore()
        }
        expect(foundByB?.created).toEqual(false)

        const transferB = credits.transferCredits({
          from_wallet_id: poolId,
          to_wallet_id: foundByB!.wallet.id,
          amount: 10,
          reason: "B",
          idempotency_key: "b",
          entry_type: "allocate",
        })
        await expect(transferB).resolves.toMatchObject({ to: { wallet_id: foundByB!.wallet.id, balance: 10 } })
        const channelWallet = await credits.findWallet("sales_channel", pk.salesChannel.id)
        expect(channelWallet).toMatchObject({ id: foundByB!.wallet.id, balance: 10 })
      })
    })

    describe("GET /store/ai-credits/wallet", () => {
      it("shows the logged-in customer their own wallet and nobody else's", async () => {
        await adjust({
          owner_type: "customer",
          owner_id: ada.customer.id,
          amount: 75,
          reason: "welcome",
          expires_at: new Date(Date.now() + 86_400_000).toISOString(),
        })
        await adjust({ owner_type: "customer", owner_id: grace.customer.id, amount: 5, reason: "welcome" })

        const mine = await api.get("/store/ai-credits/wallet", withHeaders(ada.headers, pk.headers))
        expect(mine.data.wallet).toMatchObject({
          owner_id: ada.customer.id,
          balance: 75,
          available: 75,
          reserved: 0,
          plan: null,
          grants: [expect.objectContaining({ amount: 75, remaining: 75, expires_at: expect.any(String) })],
        })
        expect(mine.data.wallet.metadata).toBeUndefined()

        const graces = await api.get("/store/ai-credits/wallet", withHeaders(grace.headers, pk.headers))
        expect(graces.data.wallet).toMatchObject({ owner_id: grace.customer.id, balance: 5 })
      })

      it("shows zeros to a customer without a wallet", async () => {
        const response = await api.get("/store/ai-credits/wallet", withHeaders(grace.headers, pk.headers))
        expect(response.data.wallet).toMatchObject({ id: null, balance: 0, available: 0, grants: [] })
      })

      it("refuses a request without a customer, and one without a publishable key", async () => {
        expect((await settle(api.get("/store/ai-credits/wallet", withHeaders(pk.headers)))).status).toEqual(401)
        expect((await settle(api.get("/store/ai-credits/wallet", withHeaders(ada.headers)))).status).toEqual(400)
      })
    })
  },
})
