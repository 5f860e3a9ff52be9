import path from "path"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from ".."
import { KnexPool, prepareLedgerCall, runLedgerBatch } from "../ledger-call"
import AiCreditsModuleService from "../service"

jest.setTimeout(60_000)

const customer = (id: string) => ({ owner_type: "customer" as const, owner_id: id })

moduleIntegrationTestRunner<AiCreditsModuleService>({
  moduleName: AI_CREDITS_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "..", "migrations"),
  moduleOptions: { max_hold_credits: 1_000, max_hold_credits_by_module: { content: 200 } },
  testSuite: ({ service, MikroOrmWrapper }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as Record<string, any>[]

    /** A test whose wallets must satisfy every ledger invariant when it ends. */
    const it = (name: string, scenario: () => Promise<void>) =>
      test(name, async () => {
        await scenario()
        expect(await service.reconcileWallets()).toEqual([])
      })

    describe("grants", () => {
      it("creates the wallet on the first grant and counts the credits", async () => {
        const result = await service.grantCredits({
          ...customer("cus_a"),
          amount: 100,
          source: "purchase",
          idempotency_key: "order_1:line_1",
        })
        expect(result.balance).toMatchObject({ balance: 100, reserved: 0, available: 100 })
        const wallet = await service.findWallet("customer", "cus_a")
        expect(wallet?.id).toEqual(result.balance.wallet_id)
      })

      it("returns the first result for a repeated key and refuses the key for another grant", async () => {
        const input = { ...customer("cus_a"), amount: 100, source: "purchase" as const, idempotency_key: "k1" }
        const first = await service.grantCredits(input)
        const again = await service.grantCredits(input)
        expect(again.replayed).toBe(true)
        expect(again.grant.id).toEqual(first.grant.id)
        expect(again.balance.balance).toEqual(100)

        await expect(service.grantCredits({ ...input, amount: 101 })).rejects.toMatchObject({
          code: "idempotency_conflict",
          status: 409,
        })
        expect((await service.getBalance(first.balance.wallet_id)).balance).toEqual(100)
      })

      it("refuses zero, negative, fractional and absurd amounts and changes nothing", async () => {
        for (const amount of [0, -5, 1.5, 1e12, Number.NaN]) {
          await expect(
            service.grantCredits({ ...customer("cus_b"), amount, source: "adjustment", idempotency_key: `bad-${amount}` })
          ).rejects.toMatchObject({ code: "invalid_data" })
        }
        expect(await service.findWallet("customer", "cus_b")).toBeNull()
      })

      it("keeps a future grant out of the balance until it starts", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_a"), amount: 10, source: "plan", idempotency_key: "now" })
        const future = await service.grantCredits({
          wallet_id: balance.wallet_id,
          amount: 50,
          source: "plan",
          idempotency_key: "next-period",
          effective_at: new Date(Date.now() + 60_000),
        })
        expect(future.grant.status).toEqual("pending")
        expect((await service.getBalance(balance.wallet_id)).balance).toEqual(10)

        await sql(`update ai_credit_grant set effective_at = now() - interval '1 second' where id = ?`, [future.grant.id])
        await sql(`update ai_credit_wallet set next_event_at = now() - interval '1 second' where id = ?`, [balance.wallet_id])
        expect((await service.getBalance(balance.wallet_id)).balance).toEqual(60)
        expect(await service.settleDueWallets()).toEqual(1)
        const entries = await service.listAiCreditLedgerEntries({ wallet_id: balance.wallet_id }, { order: { created_at: "ASC" } })
        expect(entries.map((e) => [e.type, Number(e.amount)])).toEqual([
          ["grant", 10],
          ["grant", 50],
        ])
      })
    })

    describe("burn order", () => {
      it("spends module-restricted grants first, then priority, soonest expiry, promotional, oldest", async () => {
        const w = customer("cus_order")
        const day = 24 * 3600 * 1000
        const grant = (key: string, extra: Record<string, unknown>) =>
          service.grantCredits({ ...w, amount: 10, source: "purchase", idempotency_key: key, ...extra })
        const oldestPaid = await grant("oldest-paid", {})
        const newerPaid = await grant("newer-paid", {})
        const promo = await grant("promo", { cost_basis: "promotional", source: "promotion" })
        const expiresSoon = await grant("expires-soon", { expires_at: new Date(Date.now() + day) })
        const expiresLater = await grant("expires-later", { expires_at: new Date(Date.now() + 2 * day) })
        const urgent = await grant("priority-10", { priority: 10 })
        const seoOnly = await grant("seo-pack", { modules: ["seo"], source: "add_on" })

        const order: string[] = []
        for (let i = 0; i < 7; i++) {
          const charged = await service.chargeCredits({ ...w, amount: 10, module: "seo", idempotency_key: `burn-${i}` })
          order.push(charged.reservation.grants![0].grant_id)
        }
        expect(order).toEqual([
          seoOnly.grant.id,
          urgent.grant.id,
          expiresSoon.grant.id,
          expiresLater.grant.id,
          promo.grant.id,
          oldestPaid.grant.id,
          newerPaid.grant.id,
        ])
      })

      it("never lets another module spend a restricted grant", async () => {
        const w = customer("cus_restricted")
        await service.grantCredits({ ...w, amount: 50, source: "add_on", modules: ["seo"], idempotency_key: "seo" })
        await service.grantCredits({ ...w, amount: 5, source: "purchase", idempotency_key: "general" })
        await expect(
          service.chargeCredits({ ...w, amount: 6, module: "chatbot", idempotency_key: "chat" })
        ).rejects.toMatchObject({ code: "insufficient_credits", status: 402 })
        const wallet = await service.findWallet("customer", "cus_restricted")
        expect((await service.getBalance(wallet!.id, "chatbot")).available).toEqual(5)
        expect((await service.getBalance(wallet!.id, "seo")).available).toEqual(55)
      })

      it("records which grants paid when one charge spans several", async () => {
        const w = customer("cus_span")
        const a = await service.grantCredits({ ...w, amount: 3, source: "trial", idempotency_key: "a", priority: 1 })
        const b = await service.grantCredits({ ...w, amount: 10, source: "purchase", idempotency_key: "b" })
        const charged = await service.chargeCredits({ ...w, amount: 5, module: "chatbot", idempotency_key: "c" })
        expect(charged.reservation.grants).toEqual([
          { grant_id: a.grant.id, amount: 3 },
          { grant_id: b.grant.id, amount: 2 },
        ])
        const [entry] = await service.listAiCreditLedgerEntries({ reservation_id: charged.reservation.id })
        expect(entry.grants).toEqual(charged.reservation.grants)
      })
    })

    describe("holds", () => {
      it("authorizes, captures the actual amount and gives the rest back", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_h"), amount: 100, source: "purchase", idempotency_key: "g" })
        const auth = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 30, module: "chatbot", idempotency_key: "req-1" })
        expect(auth.balance).toMatchObject({ balance: 100, reserved: 30, available: 70 })

        const captured = await service.captureCredits({ reservation_id: auth.reservation.id, amount: 12 })
        expect(captured.reservation).toMatchObject({ status: "captured", captured_amount: 12 })
        expect(captured.balance).toMatchObject({ balance: 88, reserved: 0, available: 88 })

        const again = await service.captureCredits({ reservation_id: auth.reservation.id, amount: 12 })
        expect(again.replayed).toBe(true)
        expect(again.balance.balance).toEqual(88)
        await expect(service.captureCredits({ reservation_id: auth.reservation.id, amount: 13 })).rejects.toMatchObject({
          code: "idempotency_conflict",
        })
        await expect(service.releaseCredits({ reservation_id: auth.reservation.id })).rejects.toMatchObject({
          code: "reservation_closed",
        })
      })

      it("captures more than the hold only as far as available credit allows", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_more"), amount: 50, source: "purchase", idempotency_key: "g" })
        const first = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 10, module: "chatbot", idempotency_key: "a" })
        const second = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 20, module: "chatbot", idempotency_key: "b" })
        // 50 credits, 30 held: the first request may grow to 10 + 20 free credits, not into the second's hold.
        const captured = await service.captureCredits({ reservation_id: first.reservation.id, amount: 45 })
        expect(captured.reservation.captured_amount).toEqual(30)
        expect(captured.uncharged).toEqual(15)
        expect(captured.balance).toMatchObject({ balance: 20, reserved: 20, available: 0 })
        const secondCapture = await service.captureCredits({ reservation_id: second.reservation.id, amount: 20 })
        expect(secondCapture.balance).toMatchObject({ balance: 0, reserved: 0, available: 0 })
      })

      it("caps a runaway hold, and refuses a hold beyond the available credit", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_cap"), amount: 5_000, source: "purchase", idempotency_key: "g" })
        const big = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 4_000, module: "chatbot", idempotency_key: "big" })
        expect(big).toMatchObject({ capped: true, reservation: { amount: 1_000 } })
        const content = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 900, module: "content", idempotency_key: "content" })
        expect(content).toMatchObject({ capped: true, reservation: { amount: 200 } })
        await service.updateAiCreditWallets({ id: balance.wallet_id, max_hold_credits: 50 })
        const walletCap = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 51, module: "chatbot", idempotency_key: "wallet-cap" })
        expect(walletCap.reservation.amount).toEqual(50)
        expect((await service.getBalance(balance.wallet_id)).reserved).toEqual(1_250)

        // A capped hold may still capture what the request really cost, as far as credit allows.
        const captured = await service.captureCredits({ reservation_id: big.reservation.id, amount: 3_000 })
        expect(captured.reservation.captured_amount).toEqual(3_000)

        const small = await service.grantCredits({ ...customer("cus_small"), amount: 5, source: "purchase", idempotency_key: "g" })
        await expect(
          service.authorizeCredits({ wallet_id: small.balance.wallet_id, amount: 6, module: "chatbot", idempotency_key: "x" })
        ).rejects.toMatchObject({ code: "insufficient_credits", details: { required: 6, available: 5 } })
        expect(await service.listAiCreditReservations({ wallet_id: small.balance.wallet_id })).toHaveLength(0)
      })

      it("releases without charging, and a released hold cannot be captured", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_rel"), amount: 10, source: "purchase", idempotency_key: "g" })
        const auth = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 10, module: "search", idempotency_key: "a" })
        const released = await service.releaseCredits({ reservation_id: auth.reservation.id })
        expect(released.balance).toMatchObject({ balance: 10, reserved: 0, available: 10 })
        expect((await service.releaseCredits({ reservation_id: auth.reservation.id })).replayed).toBe(true)
        await expect(service.captureCredits({ reservation_id: auth.reservation.id, amount: 1 })).rejects.toMatchObject({
          code: "reservation_closed",
          status: 409,
        })
      })

      it("ignores holds past their TTL and the sweeper releases them", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_ttl"), amount: 10, source: "purchase", idempotency_key: "g" })
        const auth = await service.authorizeCredits({
          wallet_id: balance.wallet_id,
          amount: 8,
          module: "chatbot",
          idempotency_key: "a",
          ttl_seconds: 1,
        })
        expect((await service.getBalance(balance.wallet_id)).available).toEqual(2)
        await new Promise((resolve) => setTimeout(resolve, 1_100))
        expect((await service.getBalance(balance.wallet_id)).available).toEqual(10)
        await expect(service.captureCredits({ reservation_id: auth.reservation.id, amount: 8 })).rejects.toMatchObject({
          code: "reservation_closed",
          details: { status: "expired" },
        })
        const [reservation] = await service.listAiCreditReservations({ id: auth.reservation.id })
        expect(reservation.status).toEqual("expired")
      })

      it("is idempotent on the authorization key", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_idem"), amount: 10, source: "purchase", idempotency_key: "g" })
        const input = { wallet_id: balance.wallet_id, amount: 4, module: "chatbot", idempotency_key: "same" }
        const first = await service.authorizeCredits(input)
        const second = await service.authorizeCredits(input)
        expect(second.reservation.id).toEqual(first.reservation.id)
        expect(second.balance.reserved).toEqual(4)
        await expect(service.authorizeCredits({ ...input, amount: 5 })).rejects.toMatchObject({ code: "idempotency_conflict" })
      })
    })

    describe("expiry", () => {
      it("never counts expired credit and writes the expiry to the ledger", async () => {
        const { balance, grant } = await service.grantCredits({
          ...customer("cus_exp"),
          amount: 40,
          source: "trial",
          idempotency_key: "trial",
          expires_at: new Date(Date.now() + 3_600_000),
        })
        await service.grantCredits({ wallet_id: balance.wallet_id, amount: 5, source: "purchase", idempotency_key: "paid" })
        await sql(`update ai_credit_grant set expires_at = now() - interval '1 second' where id = ?`, [grant.id])
        await sql(`update ai_credit_wallet set next_event_at = now() - interval '1 second' where id = ?`, [balance.wallet_id])

        expect((await service.getBalance(balance.wallet_id)).available).toEqual(5)
        await expect(
          service.chargeCredits({ wallet_id: balance.wallet_id, amount: 6, module: "chatbot", idempotency_key: "c" })
        ).rejects.toMatchObject({ code: "insufficient_credits" })
        // The refused charge still settled the wallet: the expiry is in the ledger.
        const expired = await service.listAiCreditLedgerEntries({ wallet_id: balance.wallet_id, type: "expire" })
        expect(expired.map((e) => Number(e.amount))).toEqual([-40])
        expect(await service.settleDueWallets()).toEqual(0)
      })
    })

    describe("overage", () => {
      it("lets a wallet go below zero only as far as its overage limit, and the next grant pays it back", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_ovr"), amount: 10, source: "purchase", idempotency_key: "g" })
        await service.updateAiCreditWallets({ id: balance.wallet_id, overage_limit: 5 })
        const charged = await service.chargeCredits({ wallet_id: balance.wallet_id, amount: 14, module: "chatbot", idempotency_key: "c1" })
        expect(charged.balance).toMatchObject({ balance: -4, overage_used: 4, available: -4 })
        await expect(
          service.chargeCredits({ wallet_id: balance.wallet_id, amount: 2, module: "chatbot", idempotency_key: "c2" })
        ).rejects.toMatchObject({ code: "insufficient_credits" })

        const topUp = await service.grantCredits({ wallet_id: balance.wallet_id, amount: 10, source: "purchase", idempotency_key: "g2" })
        expect(topUp.balance).toMatchObject({ balance: 6, overage_used: 0, available: 6 })
        expect(topUp.grant.remaining).toEqual(6)
      })
    })

    describe("revoke and adjust", () => {
      it("revokes part of a grant, refuses more than it has left, and respects open holds", async () => {
        const { balance, grant } = await service.grantCredits({ ...customer("cus_rev"), amount: 20, source: "purchase", idempotency_key: "g" })
        await expect(
          service.debitCredits({ wallet_id: balance.wallet_id, grant_id: grant.id, amount: 21, reason: "refund", idempotency_key: "r0" })
        ).rejects.toMatchObject({ code: "exceeds_remaining", details: { remaining: 20 } })

        await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 15, module: "chatbot", idempotency_key: "hold" })
        await expect(
          service.debitCredits({ wallet_id: balance.wallet_id, grant_id: grant.id, amount: 10, reason: "refund", idempotency_key: "r1" })
        ).rejects.toMatchObject({ code: "credits_held" })

        const partial = await service.debitCredits({
          wallet_id: balance.wallet_id,
          grant_id: grant.id,
          amount: 10,
          reason: "order refunded",
          idempotency_key: "r2",
          mode: "up_to",
        })
        expect(partial).toMatchObject({ taken: 5, shortfall: 5 })
        expect(partial.balance).toMatchObject({ balance: 15, reserved: 15, available: 0 })
      })

      it("takes a negative adjustment across grants in burn order", async () => {
        const w = customer("cus_adj")
        await service.grantCredits({ ...w, amount: 5, source: "purchase", idempotency_key: "a" })
        await service.grantCredits({ ...w, amount: 5, source: "purchase", idempotency_key: "b" })
        const adjusted = await service.debitCredits({
          ...w,
          amount: 7,
          reason: "goodwill reversed",
          idempotency_key: "adj",
          entry_type: "adjust",
          actor: { type: "user", id: "user_1" },
        })
        expect(adjusted.grants).toHaveLength(2)
        expect(adjusted.balance.balance).toEqual(3)
        const [entry] = await service.listAiCreditLedgerEntries({ idempotency_key: "adj" })
        expect(entry).toMatchObject({ type: "adjust", actor_type: "user", actor_id: "user_1", reason: "goodwill reversed" })
      })
    })

    describe("pools", () => {
      it("allocates pool credit to a member sales channel up to its cap, keeping expiry", async () => {
        const expires = new Date(Date.now() + 7 * 24 * 3600 * 1000)
        const pool = await service.grantCredits({
          owner_type: "pool",
          owner_id: "enterprise-eu",
          wallet_name: "Enterprise EU",
          amount: 1_000,
          source: "enterprise",
          idempotency_key: "contract-1",
          expires_at: expires,
        })
        const channel = await service.createAiCreditWallets({ owner_type: "sales_channel", owner_id: "sc_web" })
        const transfer = (amount: number, key: string) =>
          service.transferCredits({
            from_wallet_id: pool.balance.wallet_id,
            to_wallet_id: channel.id,
            amount,
            idempotency_key: key,
            reason: "monthly allocation",
            entry_type: "allocate",
          })
        await expect(transfer(100, "t0")).rejects.toMatchObject({ code: "not_allowed" })

        await service.createAiCreditPoolMembers({ pool_id: pool.balance.wallet_id, sales_channel_id: "sc_web", allocation_cap: 300 })
        const moved = await transfer(250, "t1")
        expect(moved.from.balance).toEqual(750)
        expect(moved.to.balance).toEqual(250)
        expect((await transfer(250, "t1")).replayed).toBe(true)
        await expect(transfer(100, "t2")).rejects.toMatchObject({ code: "cap_exceeded" })

        const [child] = await service.listAiCreditGrants({ wallet_id: channel.id })
        expect(child).toMatchObject({ source: "enterprise", parent_grant_id: pool.grant.id, remaining: 250 })
        expect(new Date(child.expires_at!).toISOString()).toEqual(expires.toISOString())
      })
    })

    describe("edge cases found in review", () => {
      const expireNow = async (grantId: string, walletId: string) => {
        await sql(`update ai_credit_grant set expires_at = now() - interval '1 second' where id = ?`, [grantId])
        await sql(`update ai_credit_wallet set next_event_at = now() - interval '1 second' where id = ?`, [walletId])
      }

      it("shrinks holds whose credit expired, instead of freezing the wallet", async () => {
        const { balance, grant } = await service.grantCredits({
          ...customer("cus_shrink"),
          amount: 100,
          source: "trial",
          idempotency_key: "g",
          expires_at: new Date(Date.now() + 3_600_000),
        })
        const hold = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 100, module: "chatbot", idempotency_key: "h" })
        await expireNow(grant.id, balance.wallet_id)
        expect(await service.settleDueWallets()).toEqual(1)
        expect(await service.getBalance(balance.wallet_id)).toMatchObject({ balance: 0, reserved: 0, available: 0 })
        // The request still settles: nothing is left to charge, and a top-up works.
        const captured = await service.captureCredits({ reservation_id: hold.reservation.id, amount: 10 })
        expect(captured).toMatchObject({ uncharged: 10, reservation: { captured_amount: 0 } })
        const topUp = await service.grantCredits({ wallet_id: balance.wallet_id, amount: 5, source: "purchase", idempotency_key: "t" })
        expect(topUp.balance.available).toEqual(5)
      })

      it("charges once when two calls with one key race across payers", async () => {
        const first = await service.grantCredits({ ...customer("cus_race_key"), amount: 5, source: "purchase", idempotency_key: "g" })
        const pool = await service.grantCredits({ owner_type: "store", owner_id: "store_race", amount: 100, source: "purchase", idempotency_key: "g" })
        const payers = [{ wallet_id: first.balance.wallet_id }, { wallet_id: pool.balance.wallet_id }]
        const charge = () => service.chargeCredits({ payers, amount: 5, module: "chatbot", idempotency_key: "same" })
        const [a, b] = await Promise.all([charge(), charge()])
        expect(b.reservation.id).toEqual(a.reservation.id)
        expect((await service.getBalance(pool.balance.wallet_id)).balance).toEqual(100)
      })

      it("never brings expired credit back with a refund", async () => {
        const { balance, grant } = await service.grantCredits({
          ...customer("cus_refund_exp"),
          amount: 10,
          source: "trial",
          idempotency_key: "g",
          expires_at: new Date(Date.now() + 3_600_000),
        })
        const charged = await service.chargeCredits({ wallet_id: balance.wallet_id, amount: 10, module: "chatbot", idempotency_key: "c" })
        await sql(`update ai_credit_grant set expires_at = now() - interval '1 second' where id = ?`, [grant.id])
        const refund = await service.refundUsage({ usage_event_id: charged.usage_event.id, reason: "bad answer" })
        expect(refund.refunded_credits).toEqual(0)
        expect((await service.getBalance(balance.wallet_id)).available).toEqual(0)
      })

      it("refunds the overage part of a charge too", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_refund_ovr"), amount: 5, source: "purchase", idempotency_key: "g" })
        await service.updateAiCreditWallets({ id: balance.wallet_id, overage_limit: 10 })
        const charged = await service.chargeCredits({ wallet_id: balance.wallet_id, amount: 8, module: "chatbot", idempotency_key: "c" })
        expect(charged.balance).toMatchObject({ balance: -3, overage_used: 3 })
        const refund = await service.refundUsage({ usage_event_id: charged.usage_event.id, reason: "bad answer" })
        expect(refund.refunded_credits).toEqual(8)
        expect(await service.getBalance(balance.wallet_id)).toMatchObject({ balance: 5, overage_used: 0 })
      })

      it("refuses a capture that names another provider than the authorization", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_provider"), amount: 50, source: "purchase", idempotency_key: "g" })
        const hold = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 5, module: "chatbot", idempotency_key: "h" })
        await expect(
          service.captureCredits({ reservation_id: hold.reservation.id, amount: 1, provider: "cheap" })
        ).rejects.toMatchObject({ code: "invalid_data" })
      })

      it("refuses to transfer module-restricted credit, and changes nothing", async () => {
        const pool = await service.grantCredits({
          owner_type: "pool",
          owner_id: "pool_seo_only",
          amount: 100,
          source: "add_on",
          modules: ["seo"],
          idempotency_key: "seo-pack",
        })
        const target = await service.createAiCreditWallets({ owner_type: "store", owner_id: "store_seo_target" })
        await expect(
          service.transferCredits({ from_wallet_id: pool.balance.wallet_id, to_wallet_id: target.id, amount: 10, idempotency_key: "t", reason: "move" })
        ).rejects.toMatchObject({ code: "insufficient_credits", details: { reason: "restricted_credit", available: 0 } })
        expect((await service.getBalance(pool.balance.wallet_id)).balance).toEqual(100)
        expect((await service.getBalance(target.id)).balance).toEqual(0)
      })

      it("lets two sources use the same key for transfers into one wallet", async () => {
        const a = await service.grantCredits({ owner_type: "store", owner_id: "store_src_a", amount: 50, source: "purchase", idempotency_key: "g" })
        const b = await service.grantCredits({ owner_type: "store", owner_id: "store_src_b", amount: 50, source: "purchase", idempotency_key: "g" })
        const target = await service.createAiCreditWallets({ owner_type: "store", owner_id: "store_same_key_target" })
        const move = (from: string) =>
          service.transferCredits({ from_wallet_id: from, to_wallet_id: target.id, amount: 20, idempotency_key: "monthly", reason: "top up" })
        await move(a.balance.wallet_id)
        await move(b.balance.wallet_id)
        expect((await move(b.balance.wallet_id)).replayed).toBe(true)
        expect((await service.getBalance(target.id)).balance).toEqual(40)
      })

      it("holds a customer's refund limit when refunds race across wallets", async () => {
        const context = { customer_id: "cus_refund_race" }
        const own = await service.grantCredits({ ...customer("cus_refund_race"), amount: 100, source: "purchase", idempotency_key: "g" })
        const store = await service.grantCredits({ owner_type: "store", owner_id: "store_refund_race", amount: 100, source: "purchase", idempotency_key: "g" })
        const events: string[] = []
        for (let i = 0; i < 6; i++) {
          const wallet_id = i % 2 ? own.balance.wallet_id : store.balance.wallet_id
          const charged = await service.chargeCredits({ wallet_id, amount: 1, module: "chatbot", idempotency_key: `c${i}`, context })
          events.push(charged.usage_event.id)
        }
        const results = await Promise.allSettled(
          events.map((usage_event_id) => service.refundUsage({ usage_event_id, reason: "bad answer", customer_id: "cus_refund_race" }))
        )
        // The default limit: 5 rejected results per customer per 30 days.
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5)
        expect(results.filter((r) => r.status === "rejected")).toEqual([
          expect.objectContaining({ reason: expect.objectContaining({ code: "not_allowed" }) }),
        ])
      })

      it("prices a subscriber's request at their plan's price, a pool's own price first", async () => {
        await service.setPrice({ provider: "local", model: "plan-model", rates: { credits_per_request: "10" } })
        await service.setPrice({ provider: "local", model: "plan-model", scope_type: "plan", scope_id: "plan_pro", rates: { credits_per_request: "4" } })
        const { balance } = await service.grantCredits({ ...customer("cus_plan_price"), amount: 100, source: "plan", idempotency_key: "g" })
        const charge = (key: string, context: Record<string, string>) =>
          service.chargeCredits({
            wallet_id: balance.wallet_id,
            provider: "local",
            model: "plan-model",
            usage: { requests: 1 },
            module: "chatbot",
            idempotency_key: key,
            context,
          })
        expect((await charge("on-plan", { plan_id: "plan_pro" })).usage_event.credits).toEqual(4)
        expect((await charge("no-plan", {})).usage_event.credits).toEqual(10)
        const hold = await service.authorizeCredits({
          wallet_id: balance.wallet_id,
          provider: "local",
          model: "plan-model",
          estimate: { requests: 1 },
          module: "chatbot",
          context: { plan_id: "plan_pro" },
        })
        expect(hold.reservation.amount).toEqual(4)

        const pool = await service.grantCredits({ owner_type: "pool", owner_id: "pool_priced", amount: 100, source: "enterprise", idempotency_key: "g" })
        await service.setPrice({ provider: "local", model: "plan-model", scope_type: "pool", scope_id: pool.balance.wallet_id, rates: { credits_per_request: "2" } })
        const pooled = await service.chargeCredits({
          wallet_id: pool.balance.wallet_id,
          provider: "local",
          model: "plan-model",
          usage: { requests: 1 },
          module: "chatbot",
          idempotency_key: "pooled",
          context: { plan_id: "plan_pro" },
        })
        expect(pooled.usage_event.credits).toEqual(2)
      })

      it("is idempotent when cutting down a grant that has not started", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_pending_cut"), amount: 1, source: "purchase", idempotency_key: "now" })
        const future = await service.grantCredits({
          wallet_id: balance.wallet_id,
          amount: 100,
          source: "plan",
          idempotency_key: "next",
          effective_at: new Date(Date.now() + 3_600_000),
        })
        for (let i = 0; i < 3; i++) {
          await service.debitCredits({ wallet_id: balance.wallet_id, grant_id: future.grant.id, amount: 30, reason: "downgrade", idempotency_key: "cut" })
        }
        const [grant] = await service.listAiCreditGrants({ id: future.grant.id })
        expect(grant.amount).toEqual(70)
      })
    })

    describe("concurrency", () => {
      it("lets exactly 100 of 500 concurrent one-credit charges through on a 100-credit wallet", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_race"), amount: 100, source: "purchase", idempotency_key: "g" })
        const results = await Promise.allSettled(
          Array.from({ length: 500 }, (_, i) =>
            service.chargeCredits({ wallet_id: balance.wallet_id, amount: 1, module: "chatbot", idempotency_key: `race-${i}` })
          )
        )
        const succeeded = results.filter((r) => r.status === "fulfilled")
        const refused = results.filter(
          (r) => r.status === "rejected" && (r.reason as { code?: string }).code === "insufficient_credits"
        )
        expect(succeeded).toHaveLength(100)
        expect(refused).toHaveLength(400)
        expect(await service.getBalance(balance.wallet_id)).toMatchObject({ balance: 0, reserved: 0, available: 0 })
        const [{ captures }] = await sql(
          `select count(*)::int as captures from ai_credit_ledger_entry where wallet_id = ? and type = 'capture'`,
          [balance.wallet_id]
        )
        expect(captures).toEqual(100)
      })

      it("undoes a charge its quota refuses, and every pooled connection stays usable", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_quota"), amount: 100, source: "purchase", idempotency_key: "g" })
        const day = new Date(Date.UTC(2026, 0, 1)).toISOString()
        const quotas = [
          {
            rule_id: "aiqr_two_a_day",
            name: "two charges a day",
            subject: "customer:cus_quota",
            metric: "requests" as const,
            limit: 2,
            action: "block" as const,
            bucket_start: day,
            window_start: day,
            resets_at: new Date(Date.UTC(2026, 0, 2)).toISOString(),
          },
        ]
        const charge = (i: number) =>
          service.chargeCredits({ wallet_id: balance.wallet_id, amount: 1, module: "seo", idempotency_key: `q-${i}`, quotas })

        // The refusal aborts the charge's transaction after its writes; more refusals than the pool
        // has connections show each one is rolled back before its connection is used again.
        const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => charge(i)))
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2)
        expect(
          results.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "quota_exceeded")
        ).toHaveLength(38)
        expect(await service.getBalance(balance.wallet_id)).toMatchObject({ balance: 98, reserved: 0 })
        const [{ entries }] = await sql(`select count(*)::int as entries from ai_credit_ledger_entry where wallet_id = ?`, [
          balance.wallet_id,
        ])
        expect(entries).toEqual(3)
        expect((await service.chargeCredits({ wallet_id: balance.wallet_id, amount: 1, module: "chatbot", idempotency_key: "after" })).balance).toMatchObject({ balance: 97 })
      })

      it("sends queued calls in one round trip: a call that fails is rolled back alone, the others commit", async () => {
        const pool = MikroOrmWrapper.forkManager().getKnex() as unknown as KnexPool
        const [first, second, third] = await Promise.all(
          ["cus_batch_1", "cus_batch_2", "cus_batch_3"].map(async (id) =>
            (await service.grantCredits({ ...customer(id), amount: 10, source: "purchase", idempotency_key: "g" })).balance.wallet_id
          )
        )
        const day = new Date(Date.UTC(2026, 0, 1)).toISOString()
        const nothingAllowed = [
          {
            rule_id: "aiqr_none",
            name: "no charges",
            subject: "customer:cus_batch_2",
            metric: "requests",
            limit: 0,
            action: "block",
            bucket_start: day,
            window_start: day,
            resets_at: new Date(Date.UTC(2026, 0, 2)).toISOString(),
          },
        ]
        const charge = (walletId: string, key: string, quotas: unknown[] = []) =>
          prepareLedgerCall({
            pool,
            fn: "aic_charge",
            payload: { payers: [{ wallet_id: walletId }], amount: 2, module: "seo", idempotency_key: key, quotas, request_hash: key },
            // Known wallets: the batch runs as one transaction, each call in its own subtransaction.
            walletKey: walletId,
          })

        const outcomes = await runLedgerBatch([charge(first, "b-1"), charge(second, "b-2", nothingAllowed), charge(third, "b-3")])

        expect(outcomes.map((outcome) => outcome.status)).toEqual(["done", "failed", "done"])
        expect(String((outcomes[1] as { error: Error }).error.message)).toContain("aic_refusal")
        expect(await service.getBalance(first)).toMatchObject({ balance: 8 })
        expect(await service.getBalance(second)).toMatchObject({ balance: 10, reserved: 0 })
        expect(await service.getBalance(third)).toMatchObject({ balance: 8 })

        // A retry is answered from the ledger (charged once), and the connection serves the next batch.
        const again = await runLedgerBatch([charge(third, "b-3"), charge(first, "b-4"), charge(first, "b-5")])
        expect(again.map((outcome) => outcome.status)).toEqual(["done", "done", "done"])
        expect(await service.getBalance(third)).toMatchObject({ balance: 8 })
        expect(await service.getBalance(first)).toMatchObject({ balance: 4 })
        // Every committed call has its ledger entry: the wallets reconcile (checked after each test).
      })

      it("rolls back alone a batched call that waits too long for a lock; alone, the call waits for the lock and commits", async () => {
        const pool = MikroOrmWrapper.forkManager().getKnex() as unknown as KnexPool
        const [free, locked, other] = await Promise.all(
          ["cus_lock_1", "cus_lock_2", "cus_lock_3"].map(async (id) =>
            (await service.grantCredits({ ...customer(id), amount: 10, source: "purchase", idempotency_key: "g" })).balance.wallet_id
          )
        )
        const charge = (walletId: string, key: string) =>
          prepareLedgerCall({
            pool,
            fn: "aic_charge",
            payload: { payers: [{ wallet_id: walletId }], amount: 2, module: "seo", idempotency_key: key, request_hash: key },
            walletKey: walletId,
          })
        // Another transaction (a caller's own, say) holds the wallet's row for a second.
        const knex = MikroOrmWrapper.forkManager().getKnex()
        let releaseLock!: () => void
        const lockHeld = new Promise<void>((resolve) => (releaseLock = resolve))
        let lockTaken!: () => void
        const taken = new Promise<void>((resolve) => (lockTaken = resolve))
        const holder = knex.transaction(async (trx) => {
          await trx.raw("select id from ai_credit_wallet where id = ? for update", [locked])
          lockTaken()
          await lockHeld
        })
        await taken

        const started = Date.now()
        const outcomes = await runLedgerBatch([charge(free, "l-1"), charge(locked, "l-2"), charge(other, "l-3")])
        // The others did not wait for the lock: only for the lock wait of the batch.
        expect(Date.now() - started).toBeLessThan(900)
        expect(outcomes.map((outcome) => outcome.status)).toEqual(["done", "not_run", "done"])
        expect(await service.getBalance(locked)).toMatchObject({ balance: 10 })

        // Alone in its batch (as the batcher sends a call again after a lock conflict, ledger-batch
        // unit tests), the call waits as long as the lock is held, then commits once.
        const charged = service.chargeCredits({ wallet_id: locked, amount: 2, module: "seo", idempotency_key: "l-2" })
        setTimeout(releaseLock, 300)
        await expect(charged).resolves.toMatchObject({ balance: { balance: 8 } })
        await holder
        expect((await Promise.all([free, other].map((id) => service.getBalance(id)))).map((b) => b.balance)).toEqual([8, 8])
      })

      it("fails a call whose payload cannot be stored alone, never the calls batched with it", async () => {
        const owners = Array.from({ length: 24 }, (_, i) => `cus_poison_${i}`)
        const wallets = await Promise.all(
          owners.map(async (id) =>
            (await service.grantCredits({ ...customer(id), amount: 10, source: "purchase", idempotency_key: "g" })).balance.wallet_id
          )
        )
        let deep: Record<string, unknown> = {}
        for (let depth = 0; depth < 30_000; depth++) {
          deep = { a: deep }
        }
        // More calls at once than the pool's 8 connections: the later ones queue and go in batches.
        const poisoned = new Map<number, Record<string, unknown>>([
          [12, deep],
          [17, { note: "a\ud800b" }],
        ])
        const results = await Promise.allSettled(
          wallets.map((walletId, i) =>
            service.chargeCredits({ wallet_id: walletId, amount: 3, module: "seo", idempotency_key: `c-${i}`, metadata: poisoned.get(i) })
          )
        )

        results.forEach((result, i) => {
          if (poisoned.has(i)) {
            expect(result).toMatchObject({ status: "rejected", reason: { code: "invalid_data", status: 400 } })
          } else {
            expect(result.status).toEqual("fulfilled")
          }
        })
        const balances = await Promise.all(wallets.map(async (walletId) => (await service.getBalance(walletId)).balance))
        expect(balances).toEqual(wallets.map((_, i) => (poisoned.has(i) ? 10 : 7)))
        const [{ charges }] = await sql(
          `select count(*)::int as charges from ai_credit_ledger_entry e join ai_credit_wallet w on w.id = e.wallet_id
           where w.owner_id like 'cus_poison_%' and e.amount < 0`
        )
        expect(charges).toEqual(wallets.length - poisoned.size)
      })

      it("keeps holds and captures exact under concurrent authorize/capture pairs", async () => {
        const { balance } = await service.grantCredits({ ...customer("cus_pairs"), amount: 300, source: "purchase", idempotency_key: "g" })
        const pair = async (i: number) => {
          const auth = await service.authorizeCredits({ wallet_id: balance.wallet_id, amount: 5, module: "chatbot", idempotency_key: `p-${i}` })
          return service.captureCredits({ reservation_id: auth.reservation.id, amount: 3 })
        }
        const results = await Promise.allSettled(Array.from({ length: 120 }, (_, i) => pair(i)))
        const captured = results.filter((r) => r.status === "fulfilled").length
        const refused = results.filter(
          (r) => r.status === "rejected" && (r.reason as { code?: string }).code === "insufficient_credits"
        ).length
        expect(captured + refused).toEqual(120)
        expect(captured).toBeGreaterThanOrEqual(60)
        expect(await service.getBalance(balance.wallet_id)).toMatchObject({ balance: 300 - 3 * captured, reserved: 0 })
      })
    })
  },
})
