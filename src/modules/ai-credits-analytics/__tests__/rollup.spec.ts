import path from "path"
import { Client } from "pg"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_ANALYTICS_MODULE } from ".."
import AiCreditsAnalyticsModuleService from "../service"

jest.setTimeout(60_000)

/**
 * The roll-up and the queries against the real tables of the ai_credits module: its migrations
 * run first (usage events, ledger entries, the ledger's SQL functions), then this module's.
 */
const AI_CREDITS_MIGRATIONS = path.join(__dirname, "..", "..", "ai-credits", "migrations")

type EventInput = {
  /** created_at (and the id's time); now when omitted. */
  at?: string
  module?: string
  provider?: string | null
  model?: string | null
  sales_channel_id?: string | null
  customer_id?: string | null
  cart_id?: string | null
  credits?: number
  input_tokens?: number
  output_tokens?: number
  images?: number
  provider_cost?: string
  currency_code?: string
}

const WALLET_ID = "aiwal_analytics_test"
/** Rolls everything up in one batch, with no safety margin (the test's own writes are committed). */
const ROLL = { max_window_hours: 24 * 1000, safety_margin_ms: 0 }

moduleIntegrationTestRunner<AiCreditsAnalyticsModuleService>({
  moduleName: AI_CREDITS_ANALYTICS_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: [AI_CREDITS_MIGRATIONS, path.join(__dirname, "..", "migrations")],
  testSuite: ({ service, MikroOrmWrapper, dbConfig }) => {
    const sql = async (query: string, params: unknown[] = []) =>
      (await MikroOrmWrapper.forkManager().execute(query, params)) as Record<string, any>[]

    let n = 0
    /** A usage event as the ledger writes it: id `aiuse_<ULID of created_at>`. */
    const event = async (input: EventInput = {}) => {
      const cost = input.provider_cost ?? "0.001"
      const [row] = await sql(
        `INSERT INTO ai_credit_usage_event (id, wallet_id, reservation_id, module, provider, model, input_tokens,
           output_tokens, images, credits, requested_credits, provider_cost, raw_provider_cost, currency_code,
           sales_channel_id, customer_id, cart_id, created_at, updated_at)
         SELECT aica_ulid_floor('aiuse', t.at) || upper(substr(md5(random()::text), 1, 16)), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
           ?::numeric, jsonb_build_object('value', ?::text, 'precision', 20), ?, ?, ?, ?, t.at, t.at
         FROM (SELECT coalesce(?::timestamptz, now()) AS at) t
         RETURNING id`,
        [
          WALLET_ID,
          `res_${n++}_${Math.random()}`,
          input.module ?? "chatbot",
          input.provider === undefined ? "local" : input.provider,
          input.model === undefined ? "gpt-4o-mini" : input.model,
          input.input_tokens ?? 100,
          input.output_tokens ?? 50,
          input.images ?? 0,
          input.credits ?? 1,
          input.credits ?? 1,
          cost,
          cost,
          input.currency_code ?? "usd",
          input.sales_channel_id === undefined ? "sc_web" : input.sales_channel_id,
          input.customer_id === undefined ? "cus_ada" : input.customer_id,
          input.cart_id ?? null,
          input.at ?? null,
        ]
      )
      return row.id as string
    }

    /** What `aic_refund_usage` does, in one transaction: mark the event refunded, append the refund entry. */
    const refund = async (usageEventId: string) => {
      await sql(
        `WITH e AS (
           UPDATE ai_credit_usage_event SET status = 'refunded', refunded_credits = credits, refunded_at = now(), updated_at = now()
           WHERE id = ? RETURNING id, credits)
         INSERT INTO ai_credit_ledger_entry (id, wallet_id, type, amount, reserved_delta, balance_after, reserved_after,
           actor_type, reason, idempotency_key)
         SELECT aic_id('aile'), ?, 'refund', e.credits, 0, 0, 0, 'system', 'rejected', 'refund:' || e.id FROM e`,
        [usageEventId, WALLET_ID]
      )
    }

    beforeEach(async () => {
      await sql(`INSERT INTO ai_credit_wallet (id, owner_type, owner_id) VALUES (?, 'customer', 'cus_wallet')`, [WALLET_ID])
    })

    // Events "now" fall inside whatever today is: the range ends a day after the current hour.
    const range = { from: new Date("2026-01-01T00:00:00Z"), to: new Date(ceilHour(new Date()).getTime() + 86_400_000) }
    const totals = async (filters = {}) => (await service.queryUsage({ ...range, filters })).rows[0]
    const rolledRows = async () =>
      (await sql(`SELECT grain, sum(requests)::int AS requests, sum(credits)::int AS credits, sum(refunded_credits)::int AS refunded
        FROM ai_credit_usage_rollup GROUP BY grain ORDER BY grain`)) as { grain: string; requests: number; credits: number; refunded: number }[]

    describe("roll-up", () => {
      it("sums events into hour, day, customer and cart rollups, with exact provider cost", async () => {
        await event({ at: "2026-10-01T10:15:00Z", credits: 2, provider_cost: "0.000381", cart_id: "cart_1" })
        await event({ at: "2026-10-01T10:45:00Z", credits: 3, provider_cost: "0.000119", cart_id: "cart_1" })
        await event({ at: "2026-10-01T11:05:00Z", module: "search", model: "text-embedding-3-small", credits: 1, provider_cost: "0.1" })
        await event({ at: "2026-10-02T09:00:00Z", customer_id: "cus_grace", sales_channel_id: "sc_b2b", credits: 5, provider_cost: "0.2" })
        await event({ at: "2026-10-02T09:30:00Z", customer_id: null, provider: null, model: null, sales_channel_id: null, credits: 7 })

        const result = await service.rollUpUsage(ROLL)
        expect(result).toMatchObject({ skipped: false, events: 5, refunds: 0, caught_up: true })

        expect(await rolledRows()).toEqual([
          { grain: "day", requests: 5, credits: 18, refunded: 0 },
          { grain: "hour", requests: 5, credits: 18, refunded: 0 },
        ])
        const hours = await service.listAiCreditUsageRollups({ grain: "hour", module: "chatbot", sales_channel_id: "sc_web" })
        expect(hours).toHaveLength(1)
        expect(hours[0]).toMatchObject({ requests: 2, bucket_start: new Date("2026-10-01T10:00:00Z") })
        // Medusa's bigNumber reads the raw_ twin: it must agree with the numeric column.
        expect(String(hours[0].provider_cost)).toEqual("0.0005")
        const customers = await sql(
          `SELECT grain, customer_id, sales_channel_id, requests, credits::int FROM ai_credit_customer_usage_rollup ORDER BY grain, customer_id`
        )
        expect(customers).toEqual([
          { grain: "day", customer_id: "cus_ada", sales_channel_id: "sc_web", requests: 3, credits: 6 },
          { grain: "day", customer_id: "cus_grace", sales_channel_id: "sc_b2b", requests: 1, credits: 5 },
          { grain: "month", customer_id: "cus_ada", sales_channel_id: "sc_web", requests: 3, credits: 6 },
          { grain: "month", customer_id: "cus_grace", sales_channel_id: "sc_b2b", requests: 1, credits: 5 },
        ])
        const [cart] = await service.listAiCreditCartUsages({ cart_id: "cart_1" })
        expect(cart).toMatchObject({ requests: 2, customer_id: "cus_ada", first_used_at: new Date("2026-10-01T10:15:00Z") })

        expect(await totals()).toEqual({
          requests: 5,
          refunded_requests: 0,
          images: 0,
          input_tokens: 500,
          output_tokens: 250,
          credits: 18,
          refunded_credits: 0,
          net_credits: 18,
          provider_cost: { usd: "0.3015" },
        })
        const byModel = await service.queryUsage({ ...range, group_by: ["model"] })
        expect(byModel.rows.map((r) => [r.provider, r.model, r.credits])).toEqual([
          ["local", "gpt-4o-mini", 10],
          [null, null, 7],
          ["local", "text-embedding-3-small", 1],
        ])
      })

      it("is incremental and idempotent: a second run adds only what is new, a third changes nothing", async () => {
        await event({ at: "2026-10-01T10:15:00Z", credits: 2 })
        await service.rollUpUsage(ROLL)
        await event({ credits: 3 })
        await event({ credits: 4, module: "seo" })

        const second = await service.rollUpUsage(ROLL)
        expect(second).toMatchObject({ events: 2, caught_up: true })
        const third = await service.rollUpUsage(ROLL)
        expect(third).toMatchObject({ events: 0, caught_up: true })

        expect(await rolledRows()).toEqual([
          { grain: "day", requests: 3, credits: 9, refunded: 0 },
          { grain: "hour", requests: 3, credits: 9, refunded: 0 },
        ])
        expect(await totals()).toMatchObject({ requests: 3, credits: 9 })
      })

      it("rolls a long history up in batches of the window, each in its own transaction", async () => {
        await event({ at: "2026-09-01T10:00:00Z", credits: 1 })
        await event({ at: "2026-09-03T10:00:00Z", credits: 2 })
        await event({ at: "2026-09-05T10:00:00Z", credits: 3 })
        const result = await service.rollUpUsage({ max_window_hours: 48, safety_margin_ms: 0 })
        expect(result.caught_up).toBe(true)
        expect(result.batches).toBeGreaterThan(3)
        expect(result.events).toEqual(3)
        expect(await rolledRows()).toEqual([
          { grain: "day", requests: 3, credits: 6, refunded: 0 },
          { grain: "hour", requests: 3, credits: 6, refunded: 0 },
        ])
      })

      it("shows a request at once, before any roll-up, and the same after it", async () => {
        await event({ at: "2026-10-01T10:15:00Z", credits: 2, cart_id: "cart_old" })
        await service.rollUpUsage(ROLL)
        await event({ credits: 5, customer_id: "cus_new", cart_id: "cart_new" })

        const before = await service.getOverview({ from: new Date("2026-10-01T00:00:00Z"), to: ceilHour(new Date()) })
        expect(before.totals).toMatchObject({ requests: 2, credits: 7 })
        expect(before.top_customers.map((c) => [c.customer_id, c.credits])).toEqual([
          ["cus_new", 5],
          ["cus_ada", 2],
        ])
        expect(await service.listCartsUsingAi(new Date("2026-10-01T00:00:00Z"))).toEqual(
          expect.arrayContaining(["cart_old", "cart_new"])
        )
        await service.rollUpUsage(ROLL)
        const after = await service.getOverview({ from: new Date("2026-10-01T00:00:00Z"), to: ceilHour(new Date()) })
        expect(after.totals).toEqual(before.totals)
        expect(after.top_customers).toEqual(before.top_customers)
        expect(after.rolled_up_to! > before.rolled_up_to!).toBe(true)
      })

      it("counts each refund once: made before the roll-up, made after it (shown at once), and never twice", async () => {
        const early = await event({ at: "2026-10-01T10:00:00Z", credits: 4 })
        const late = await event({ at: "2026-10-01T11:00:00Z", credits: 6 })
        await refund(early)
        await service.rollUpUsage(ROLL)
        expect(await totals()).toMatchObject({ credits: 10, refunded_credits: 4, refunded_requests: 1, net_credits: 6 })

        // Refunded after its event was rolled up: the query adds it before the next roll-up...
        await refund(late)
        expect(await totals()).toMatchObject({ credits: 10, refunded_credits: 10, refunded_requests: 2, net_credits: 0 })
        // ...in the event's own bucket...
        const hourly = await service.queryUsage({ ...range, from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-02T00:00:00Z"), granularity: "hour" })
        expect(hourly.rows.map((r) => [r.bucket, r.refunded_credits])).toEqual([
          ["2026-10-01T10:00:00Z", 4],
          ["2026-10-01T11:00:00Z", 6],
        ])
        // ...and the roll-up adds it exactly once.
        const run = await service.rollUpUsage(ROLL)
        expect(run.refunds).toEqual(1)
        await service.rollUpUsage(ROLL)
        expect(await rolledRows()).toEqual([
          { grain: "day", requests: 2, credits: 10, refunded: 10 },
          { grain: "hour", requests: 2, credits: 10, refunded: 10 },
        ])
        expect(await totals()).toMatchObject({ credits: 10, refunded_credits: 10, refunded_requests: 2 })
        const [customer] = await sql(`SELECT sum(refunded_credits)::int AS refunded FROM ai_credit_customer_usage_rollup WHERE grain = 'month'`)
        expect(customer.refunded).toEqual(10)
      })

      it("reads refunds as the ai_credits ledger really writes them", async () => {
        const run = async (fn: string, payload: Record<string, unknown>) => {
          const [row] = await sql(`SELECT ${fn}(?::jsonb) AS result`, [JSON.stringify(payload)])
          const result = typeof row.result === "string" ? JSON.parse(row.result) : row.result
          expect(result.error).toBeUndefined()
          return result
        }
        const granted = await run("aic_grant", {
          owner_type: "customer", owner_id: "cus_real", amount: 100, source: "purchase", idempotency_key: "g", request_hash: "g",
          reason: "test", actor_type: "system",
        })
        const charged = await run("aic_charge", {
          payers: [{ wallet_id: granted.balance.wallet_id }], amount: 7, module: "content", idempotency_key: "c", request_hash: "c",
          context: { customer_id: "cus_real", sales_channel_id: "sc_web", cart_id: "cart_real" }, actor_type: "system",
        })
        await service.rollUpUsage(ROLL)
        expect(await totals()).toMatchObject({ requests: 1, credits: 7, refunded_credits: 0 })
        await run("aic_refund_usage", { usage_event_id: charged.usage_event.id, reason: "bad text", actor_type: "system" })
        expect(await totals()).toMatchObject({ credits: 7, refunded_credits: 7 })
        await service.rollUpUsage(ROLL)
        await service.rollUpUsage(ROLL)
        expect(await totals()).toMatchObject({ credits: 7, refunded_credits: 7, refunded_requests: 1 })
        expect(await rolledRows()).toEqual([
          { grain: "day", requests: 1, credits: 7, refunded: 7 },
          { grain: "hour", requests: 1, credits: 7, refunded: 7 },
        ])
      })
    })

    describe("concurrency", () => {
      it("skips a run while another holds the roll-up, and loses nothing", async () => {
        await event({ credits: 2 })
        const other = new Client({ connectionString: dbConfig.clientUrl })
        await other.connect()
        try {
          await other.query("BEGIN")
          await other.query(`SELECT * FROM ai_credit_rollup_state WHERE id = 'usage_events' FOR UPDATE`)
          expect(await service.rollUpUsage(ROLL)).toMatchObject({ skipped: true, events: 0 })
          await other.query("ROLLBACK")
        } finally {
          await other.end()
        }
        expect(await service.rollUpUsage(ROLL)).toMatchObject({ skipped: false, events: 1 })
      })

      it("runs two roll-ups at once without counting anything twice", async () => {
        for (let i = 0; i < 20; i++) {
          await event({ at: new Date(Date.UTC(2026, 9, 1 + (i % 10), i)).toISOString(), credits: 1 })
        }
        await Promise.all([service.rollUpUsage({ ...ROLL, max_window_hours: 24 }), service.rollUpUsage({ ...ROLL, max_window_hours: 24 })])
        await service.rollUpUsage(ROLL)
        expect(await rolledRows()).toEqual([
          { grain: "day", requests: 20, credits: 20, refunded: 0 },
          { grain: "hour", requests: 20, credits: 20, refunded: 0 },
        ])
      })

      it("waits for a transaction still open: its event, committed later with an older created_at, is not lost", async () => {
        const writer = new Client({ connectionString: dbConfig.clientUrl })
        await writer.connect()
        try {
          await writer.query("BEGIN")
          // Like the ledger's insert: created_at is the transaction's start, the id is made now.
          await writer.query(
            `INSERT INTO ai_credit_usage_event (id, wallet_id, reservation_id, module, credits, requested_credits, created_at)
             VALUES (aica_ulid_floor('aiuse', clock_timestamp()) || 'SLOWTRANSACTION1', $1, 'res_slow', 'chatbot', 9, 9, now())`,
            [WALLET_ID]
          )
          await event({ credits: 1 })
          const first = await service.rollUpUsage(ROLL)
          // The horizon stayed before the open transaction's start: the later event waits too.
          expect(first.events).toEqual(0)
          await writer.query("COMMIT")
        } finally {
          await writer.end()
        }
        expect(await totals()).toMatchObject({ requests: 2, credits: 10 })
        const second = await service.rollUpUsage(ROLL)
        expect(second.events).toEqual(2)
        expect(await rolledRows()).toEqual([
          { grain: "day", requests: 2, credits: 10, refunded: 0 },
          { grain: "hour", requests: 2, credits: 10, refunded: 0 },
        ])
      })
    })

    describe("queries", () => {
      beforeEach(async () => {
        // Two UTC days; 05:00 UTC on Oct 2 is still Oct 1 in New York (UTC-4).
        await event({ at: "2026-10-01T12:00:00Z", credits: 1, customer_id: "cus_a" })
        await event({ at: "2026-10-02T03:00:00Z", credits: 2, customer_id: "cus_b", module: "seo" })
        await event({ at: "2026-10-02T05:00:00Z", credits: 4, customer_id: "cus_a", sales_channel_id: "sc_b2b" })
        await event({ at: "2026-10-31T23:00:00Z", credits: 8, customer_id: "cus_c" })
        await event({ at: "2026-11-01T00:00:00Z", credits: 16, customer_id: "cus_c" })
        await service.rollUpUsage(ROLL)
        // Not rolled up yet.
        await event({ credits: 32, customer_id: "cus_b" })
      })

      it("buckets by day in UTC and in the merchant's time zone", async () => {
        const week = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-04T00:00:00Z") }
        const utc = await service.queryUsage({ ...week, granularity: "day" })
        expect(utc.rows.map((r) => [r.bucket, r.credits])).toEqual([
          ["2026-10-01T00:00:00Z", 1],
          ["2026-10-02T00:00:00Z", 6],
        ])
        expect(utc.buckets).toEqual(["2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", "2026-10-03T00:00:00Z"])
        const newYork = await service.queryUsage({ ...week, granularity: "day", time_zone: "America/New_York" })
        expect(newYork.rows.map((r) => [r.bucket, r.credits])).toEqual([
          ["2026-10-01T04:00:00Z", 3],
          ["2026-10-02T04:00:00Z", 4],
        ])
      })

      it("ranks customers over ranges that split months and days, matching the events", async () => {
        const cases = [
          { from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z" },
          { from: "2026-10-01T12:00:00Z", to: "2026-11-01T01:00:00Z" },
          { from: "2026-10-02T04:00:00Z", to: ceilHour(new Date()).toISOString() },
          { from: "2026-09-30T00:00:00Z", to: "2027-01-01T00:00:00Z" },
        ]
        for (const c of cases) {
          const window = { from: new Date(c.from), to: new Date(c.to) }
          const ranked = await service.queryUsage({ ...window, group_by: ["customer"] })
          const expected = await sql(
            `SELECT customer_id, sum(credits)::int AS credits FROM ai_credit_usage_event
             WHERE created_at >= ? AND created_at < ? AND customer_id IS NOT NULL GROUP BY customer_id ORDER BY 2 DESC`,
            [c.from, c.to]
          )
          expect([c, ranked.rows.map((r) => ({ customer_id: r.customer_id, credits: r.credits }))]).toEqual([c, expected])
          // Ranked first on the covering index, then read in full for the top ones only.
          const top2 = await service.queryUsage({ ...window, group_by: ["customer"], limit: 2 })
          expect([c, top2.rows.map((r) => ({ customer_id: r.customer_id, credits: r.credits }))]).toEqual([c, expected.slice(0, 2)])
          const overview = await service.getOverview({ ...window, limit: 2 })
          expect([c, overview.top_customers.map((r) => ({ customer_id: r.customer_id, credits: r.credits }))]).toEqual([
            c,
            expected.slice(0, 2),
          ])
        }
      })

      it("answers group_by and filters from the table that has them, or from the events", async () => {
        const all = { from: new Date("2026-10-01T00:00:00Z"), to: ceilHour(new Date()) }
        const b2b = await service.queryUsage({ ...all, group_by: ["customer"], filters: { sales_channel_id: "sc_b2b" } })
        expect(b2b.rows.map((r) => [r.customer_id, r.credits])).toEqual([["cus_a", 4]])
        const seoOfB = await service.queryUsage({ ...all, group_by: ["module"], filters: { customer_id: "cus_b" } })
        expect(seoOfB.rows.map((r) => [r.module, r.credits])).toEqual([
          ["chatbot", 32],
          ["seo", 2],
        ])
        const top1 = await service.queryUsage({ ...all, granularity: "month", group_by: ["customer"], limit: 1 })
        // The top customer of the whole range (cus_b: 2 in October, 32 today), month by month; today's
        // event lands in the current month, whichever it is.
        const thisMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString().replace(".000Z", "Z")
        expect(top1.rows.map((r) => [r.bucket, r.customer_id, r.credits])).toEqual([
          ["2026-10-01T00:00:00Z", "cus_b", 2],
          [thisMonth, "cus_b", 32],
        ])
      })

      it("gives the overview in one answer", async () => {
        const overview = await service.getOverview({
          from: new Date("2026-10-01T00:00:00Z"),
          to: new Date("2026-11-01T00:00:00Z"),
          limit: 2,
        })
        expect(overview.totals).toMatchObject({ requests: 4, credits: 15, provider_cost: { usd: "0.004" } })
        expect(overview.by_module.map((r) => [r.module, r.credits])).toEqual([
          ["chatbot", 13],
          ["seo", 2],
        ])
        expect(overview.by_provider.map((r) => [r.provider, r.credits])).toEqual([["local", 15]])
        expect(overview.top_sales_channels.map((r) => [r.sales_channel_id, r.credits])).toEqual([
          ["sc_web", 11],
          ["sc_b2b", 4],
        ])
        expect(overview.top_customers.map((r) => [r.customer_id, r.credits])).toEqual([
          ["cus_c", 8],
          ["cus_a", 5],
        ])
        expect(overview.series).toHaveLength(4)
        expect(overview.buckets).toHaveLength(31)
        expect(overview.rolled_up_to).toEqual(expect.stringMatching(/^2026-|^20\d\d-/))
      })

      it("attributes orders to AI by cart or by the customer's recent use, summing money exactly", async () => {
        await event({ at: "2026-10-03T10:00:00Z", cart_id: "cart_1", customer_id: "cus_x" })
        const result = await service.attributeOrders(
          [
            { id: "o1", cart_id: "cart_1", customer_id: "cus_x", created_at: "2026-10-03T11:00:00Z", currency_code: "eur", total: "10.10" },
            { id: "o2", cart_id: "cart_2", customer_id: "cus_a", created_at: "2026-10-05T00:00:00Z", currency_code: "eur", total: "20.20" },
            { id: "o3", cart_id: "cart_3", customer_id: "cus_a", created_at: "2026-12-30T00:00:00Z", currency_code: "eur", total: "0.70" },
            { id: "o4", cart_id: null, customer_id: null, created_at: "2026-10-05T00:00:00Z", currency_code: "usd", total: "5" },
          ],
          30
        )
        expect(result).toEqual([
          { currency_code: "eur", orders: 3, revenue: "31", ai_assisted_orders: 2, ai_assisted_revenue: "30.3", by_cart: 1, by_customer: 1 },
          { currency_code: "usd", orders: 1, revenue: "5", ai_assisted_orders: 0, ai_assisted_revenue: "0", by_cart: 0, by_customer: 0 },
        ])
      })

      it("saves ROI settings and computes savings exactly", async () => {
        expect(await service.getRoiSettings()).toMatchObject({ id: null, minutes_saved_per_item: "10", hourly_rate: "30" })
        await service.saveRoiSettings({ minutes_saved_per_item: "7.5", hourly_rate: "42.10" })
        const saved = await service.saveRoiSettings({ automation_modules: ["seo"] })
        expect(saved).toMatchObject({ minutes_saved_per_item: "7.5", hourly_rate: "42.1", automation_modules: ["seo"], currency_code: "usd" })
        expect(await service.computeAutomationSavings(3, saved)).toEqual({ hours_saved: "0.38", savings: "15.79" })
      })
    })
  },
})

function ceilHour(date: Date) {
  return new Date(Math.ceil(date.getTime() / 3_600_000) * 3_600_000)
}
