import { randomInt } from "crypto"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { AI_CREDITS_MODULE } from "../../src/modules/ai-credits"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { ensureDemoPricing } from "../../src/scripts/seed-ai-credits"
import {
  AdminAuth,
  createAdminUser,
  createCustomerWithToken,
  createPublishableKey,
  PublishableKeyAuth,
  withHeaders,
} from "../helpers/auth"
import { ledgerSnapshot } from "../helpers/hostile"
import { settle } from "../helpers/http"

jest.setTimeout(180_000)

/**
 * Limits per caller that a caller can neither dodge (a new visitor id, none, a spoofed
 * X-Forwarded-For) nor turn against someone else (another's conversation, a visitor id that looks
 * like a customer's), and idempotent retries that are answered, not limited.
 *
 * The demo config's limits apply: 60 requests a minute per visitor, 5 refusals within a minute
 * cool the caller down, 100 messages per conversation, 20 conversations a day. The app trusts one
 * proxy hop (the default), so each test speaks from addresses of its own through X-Forwarded-For:
 * the rate-limit counters live as long as the app, across tests.
 */
medusaIntegrationTestRunner({
  inApp: true,
  env: {},
  testSuite: ({ api, getContainer }) => {
    let admin: AdminAuth
    let pk: PublishableKeyAuth
    let credits: AiCreditsModuleService

    beforeEach(async () => {
      const container = getContainer()
      admin = await createAdminUser(container, api)
      pk = await createPublishableKey(container)
      credits = container.resolve(AI_CREDITS_MODULE)
      await ensureDemoPricing(container)
    })

    afterEach(async () => {
      expect(await credits.reconcileWallets()).toEqual([])
    })

    /** An address no other test (or earlier run, with shared Redis counters) speaks from. */
    const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`
    const from = (ip: string, extra: Record<string, string> = {}) => ({ "x-forwarded-for": ip, ...extra })
    const store = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      settle(api.post(`/store/ai-credits${path}`, body, withHeaders(pk.headers, headers)))
    const fundStorefront = (amount: number) =>
      api.post(
        "/admin/ai-credits/adjustments",
        { owner_type: "sales_channel", owner_id: pk.salesChannel.id, amount, reason: "test" },
        withHeaders(admin.headers)
      )
    // Search degrades to the widget's keyword path when nobody pays: 200 without any credit.
    const search = (headers: Record<string, string>, body: Record<string, unknown> = {}) =>
      store("/authorizations", { module: "search", ...body }, headers)

    /**
     * Sends requests until the first refusal: how many passed before it, and the refusal. Windows
     * are aligned to the clock, so a minute that ends midway lets more pass, never fewer.
     */
    const untilRefused = async (headers: Record<string, string>, max: number) => {
      for (let passed = 0; passed < max; passed++) {
        const response = await search(headers)
        if (response.status !== 200) {
          return { passed, refused: response }
        }
      }
      return { passed: max, refused: null }
    }

    /**
     * Sends requests until the caller cools down (60 pass a minute for a visitor, 120 for a
     * customer; the 5th refusal cools it down).
     */
    const coolDown = async (headers: Record<string, string>) => {
      for (let i = 0; i < 400; i++) {
        const response = await search(headers)
        if (response.data.reason === "cooldown") {
          return
        }
        expect(response.status === 200 || response.data.reason === "rate_limit").toBe(true)
      }
      throw new Error("the caller never cooled down")
    }

    describe("visitor ids", () => {
      it("keeps a cooled-down caller cooling down under a new visitor id, without one, or with a malformed one", async () => {
        const ip = freshIp()
        await coolDown(from(ip, { "x-visitor-id": "hot-visitor" }))

        for (const [label, headers, body] of [
          ["a new visitor id", from(ip, { "x-visitor-id": "fresh-visitor" }), {}],
          ["a new visitor id in the body", from(ip), { visitor_id: "fresh-visitor-2" }],
          ["no visitor id", from(ip), {}],
        ] as const) {
          const refused = await search(headers, body)
          expect({ label, status: refused.status, reason: refused.data.reason }).toEqual({ label, status: 429, reason: "cooldown" })
          expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0)
        }
        // Another address is not affected.
        expect((await search(from(freshIp(), { "x-visitor-id": "hot-visitor-neighbour" }))).status).toEqual(200)
      })

      it("counts guests without a visitor id against their address's visitor limit", async () => {
        const { passed, refused } = await untilRefused(from(freshIp()), 130)
        expect(passed).toBeGreaterThanOrEqual(60)
        expect(refused?.status).toEqual(429)
        expect(refused?.data).toMatchObject({ type: "rate_limited", reason: "rate_limit", rule: { per: "visitor", limit: 60 } })
        // A guest at another address has an allowance of its own.
        expect((await search(from(freshIp()))).status).toEqual(200)
      })

      it("answers an over-long or malformed visitor id, in the header or the body, with 400 and changes nothing", async () => {
        await fundStorefront(100)
        const hold = await search(from(freshIp(), { "x-visitor-id": "owner-1" }), { estimate: { input_tokens: 1000 } })
        expect(hold.status).toEqual(200)
        const before = await ledgerSnapshot(credits)
        const holdId = hold.data.authorization.id
        const bad = ["v".repeat(129), "a b", "a:b", "<v>", "cus_1;drop"]
        for (const visitor of bad) {
          const calls: [string, unknown, Record<string, string>][] = [
            ["/authorizations", { module: "search" }, { "x-visitor-id": visitor }],
            ["/authorizations", { module: "search", visitor_id: visitor }, {}],
            ["/usage", { module: "search", usage: { input_tokens: 10 }, visitor_id: visitor }, { "idempotency-key": `k-${visitor.length}` }],
            ["/usage", { module: "search", usage: { input_tokens: 10 } }, { "idempotency-key": "k-header", "x-visitor-id": visitor }],
            ["/invoke", { module: "search", input: { prompt: "hi" }, visitor_id: visitor }, {}],
            ["/invoke", { module: "search", input: { prompt: "hi" } }, { "x-visitor-id": visitor }],
            [`/authorizations/${holdId}/capture`, { usage: { input_tokens: 10 } }, { "x-visitor-id": visitor }],
            [`/authorizations/${holdId}/release`, {}, { "x-visitor-id": visitor }],
          ]
          for (const [path, body, headers] of calls) {
            const response = await store(path, body, from(freshIp(), headers))
            expect({ path, visitor, status: response.status, type: response.data.type }).toEqual({
              path,
              visitor,
              status: 400,
              type: "invalid_data",
            })
            expect(typeof response.data.message).toEqual("string")
          }
        }
        expect(await ledgerSnapshot(credits)).toEqual(before)
        // The hold is still its owner's to capture.
        const captured = await store(`/authorizations/${holdId}/capture`, { usage: { input_tokens: 1000 } }, { "x-visitor-id": "owner-1" })
        expect(captured.status).toEqual(200)
      })

      it("ties a guest's hold without a visitor id to its address: other guests can neither capture nor release it", async () => {
        await fundStorefront(100)
        const owner = freshIp()
        const other = freshIp()
        // The proxy appends the address it saw: the last hop is the client (one trusted proxy).
        const hold = await search({ "x-forwarded-for": `203.0.113.7, ${owner}` }, { estimate: { input_tokens: 1000 } })
        expect(hold.status).toEqual(200)
        const holdId = hold.data.authorization.id

        for (const [label, headers] of [
          ["a guest at another address", from(other)],
          ["a guest claiming the owner's address as a first hop", { "x-forwarded-for": `${owner}, ${other}` }],
          ["a visitor at the owner's address", from(owner, { "x-visitor-id": "anonymous" })],
        ] as const) {
          for (const [action, body] of [["capture", { usage: { input_tokens: 1000 } }], ["release", {}]] as const) {
            const response = await store(`/authorizations/${holdId}/${action}`, body, headers)
            expect({ label, action, status: response.status }).toEqual({ label, action, status: 404 })
          }
        }
        const captured = await store(`/authorizations/${holdId}/capture`, { usage: { input_tokens: 1000 } }, from(owner))
        expect(captured.status).toEqual(200)
      })
    })

    describe("cooldowns", () => {
      it("cools a customer down alone: another customer, a visitor and a guest at its address are let through", async () => {
        const ip = freshIp()
        const hot = await createCustomerWithToken(getContainer(), api, { email: "hot@example.com" })
        await coolDown(from(ip, hot.headers))
        expect((await search(from(ip, hot.headers))).data).toMatchObject({ type: "rate_limited", reason: "cooldown" })

        const neighbour = await createCustomerWithToken(getContainer(), api, { email: "neighbour@example.com" })
        for (const [label, headers] of [
          ["another customer", from(ip, neighbour.headers)],
          ["a visitor", from(ip, { "x-visitor-id": "hot-customer-neighbour" })],
          ["a guest", from(ip)],
        ] as const) {
          const response = await search(headers)
          expect({ label, status: response.status }).toEqual({ label, status: 200 })
        }
      })

      it("lets a logged-in customer through at an address that anonymous callers cooled down", async () => {
        const ip = freshIp()
        // An anonymous caller claiming the address (a forged X-Forwarded-For where hops are misconfigured).
        await coolDown(from(ip, { "x-visitor-id": "forger" }))
        expect((await search(from(ip))).data).toMatchObject({ type: "rate_limited", reason: "cooldown" })

        const customer = await createCustomerWithToken(getContainer(), api, { email: "victim@example.com" })
        const response = await search(from(ip, customer.headers))
        expect(response.status).toEqual(200)
      })
    })

    describe("conversations", () => {
      it("counts a conversation's messages per caller: others sending to its id do not use it up", async () => {
        const victim = from(freshIp(), { "x-visitor-id": "victim" })
        expect((await search(victim, { conversation_id: "conv-victim" })).status).toEqual(200)

        const attacker = freshIp()
        for (let i = 0; i < 101; i++) {
          const sent = await search(from(attacker, { "x-visitor-id": `rotating-${i}` }), { conversation_id: "conv-victim" })
          expect(sent.status).toEqual(200)
        }
        const next = await search(victim, { conversation_id: "conv-victim" })
        expect(next.status).toEqual(200)
      })

      it("keeps a customer's conversations apart from a visitor's that uses the customer's id", async () => {
        const ada = await createCustomerWithToken(getContainer(), api, { email: "ada@example.com" })
        const impostor = from(freshIp(), { "x-visitor-id": ada.customer.id })
        for (let i = 0; i < 20; i++) {
          expect((await search(impostor, { conversation_id: `impostor-${i}` })).status).toEqual(200)
        }
        // The impostor's own 20 a day are used up...
        expect((await search(impostor, { conversation_id: "impostor-20" })).data).toMatchObject({
          type: "rate_limited",
          reason: "conversations_per_day",
        })
        // ...and Ada's are not.
        const adas = await search(from(freshIp(), ada.headers), { conversation_id: "ada-1" })
        expect(adas.status).toEqual(200)
      })
    })

    describe("idempotent retries", () => {
      it("answers a retried authorization from its stored result: replays use no allowance and pass a cooldown", async () => {
        await fundStorefront(1_000)
        const caller = from(freshIp(), { "x-visitor-id": "replayer" })
        const body = { estimate: { input_tokens: 1000 } }
        const first = await search({ ...caller, "idempotency-key": "search-1" }, body)
        expect(first.status).toEqual(200)
        const holdId = first.data.authorization.id

        for (let i = 0; i < 70; i++) {
          const replay = await search({ ...caller, "idempotency-key": "search-1" }, body)
          expect({ i, status: replay.status, id: replay.data.authorization?.id }).toEqual({ i, status: 200, id: holdId })
        }
        // The 70 replays used none of the 60 a minute: 59 more requests pass; then the caller cools down.
        const { passed, refused } = await untilRefused(caller, 130)
        expect(passed).toBeGreaterThanOrEqual(59)
        expect(refused?.data).toMatchObject({ type: "rate_limited", reason: "rate_limit" })
        await coolDown(caller)
        const replay = await search({ ...caller, "idempotency-key": "search-1" }, body)
        expect(replay.status).toEqual(200)
        expect(replay.data.authorization.id).toEqual(holdId)
        // Another body under the key is still a conflict, not a new hold.
        const conflict = await search({ ...caller, "idempotency-key": "search-1" }, { estimate: { input_tokens: 2000 } })
        expect(conflict.status).toEqual(409)
      })

      it("answers a retried usage report from its stored result while its caller cools down", async () => {
        await fundStorefront(1_000)
        const caller = from(freshIp(), { "x-visitor-id": "usage-replayer" })
        const body = { module: "search", usage: { input_tokens: 1000 } }
        const first = await store("/usage", body, { ...caller, "idempotency-key": "usage-1" })
        expect(first.status).toEqual(200)
        await coolDown(caller)
        const before = await ledgerSnapshot(credits)

        const replay = await store("/usage", body, { ...caller, "idempotency-key": "usage-1" })
        expect(replay.status).toEqual(200)
        expect(replay.data.usage_event.id).toEqual(first.data.usage_event.id)
        expect(await ledgerSnapshot(credits)).toEqual(before)
        // A new charge is still refused.
        expect((await store("/usage", body, { ...caller, "idempotency-key": "usage-2" })).status).toEqual(429)
      })

      it("recognises a visitor's retry from another address: held and charged once", async () => {
        await fundStorefront(1_000)
        const visitorId = { "x-visitor-id": "roaming-visitor" }
        const body = { estimate: { input_tokens: 1000 } }
        const first = await search(from(freshIp(), { ...visitorId, "idempotency-key": "roam-hold" }), body)
        expect(first.status).toEqual(200)
        const usageBody = { module: "search", usage: { input_tokens: 1000 } }
        const charged = await store("/usage", usageBody, from(freshIp(), { ...visitorId, "idempotency-key": "roam-usage" }))
        expect(charged.status).toEqual(200)
        const before = await ledgerSnapshot(credits)

        // The network changed (a new address): the same visitor id and key are the same request.
        const retriedHold = await search(from(freshIp(), { ...visitorId, "idempotency-key": "roam-hold" }), body)
        expect(retriedHold.data.authorization.id).toEqual(first.data.authorization.id)
        const retriedUsage = await store("/usage", usageBody, from(freshIp(), { ...visitorId, "idempotency-key": "roam-usage" }))
        expect(retriedUsage.data.usage_event.id).toEqual(charged.data.usage_event.id)
        expect(await ledgerSnapshot(credits)).toEqual(before)
      })

      it("takes an Idempotency-Key of up to 255 characters, whatever the visitor id's length", async () => {
        await fundStorefront(1_000)
        const caller = from(freshIp(), { "x-visitor-id": "v".repeat(128) })
        const body = { estimate: { input_tokens: 1000 } }
        for (const key of ["k".repeat(72), "k".repeat(255)]) {
          const first = await search({ ...caller, "idempotency-key": key }, body)
          expect({ length: key.length, status: first.status }).toEqual({ length: key.length, status: 200 })
          const again = await search({ ...caller, "idempotency-key": key }, body)
          expect(again.data.authorization.id).toEqual(first.data.authorization.id)
        }
        // Two long keys that differ only at the end are two requests.
        const a = await search({ ...caller, "idempotency-key": `${"x".repeat(254)}a` }, body)
        const b = await search({ ...caller, "idempotency-key": `${"x".repeat(254)}b` }, body)
        expect(a.data.authorization.id).not.toEqual(b.data.authorization.id)

        const usage = await store("/usage", { module: "search", usage: { input_tokens: 1000 } }, { ...caller, "idempotency-key": "u".repeat(255) })
        expect(usage.status).toEqual(200)

        const before = await ledgerSnapshot(credits)
        for (const path of ["/authorizations", "/usage"]) {
          const tooLong = await store(path, { module: "search", usage: path === "/usage" ? { input_tokens: 1 } : undefined }, { ...caller, "idempotency-key": "k".repeat(256) })
          expect({ path, status: tooLong.status, type: tooLong.data.type }).toEqual({ path, status: 400, type: "invalid_data" })
        }
        expect(await ledgerSnapshot(credits)).toEqual(before)
      })
    })
  },
})
