import { randomUUID } from "crypto"
import { aiCreditsGatewayOptionsSchema } from "../options"
import { RateLimiter } from "../rate-limit/limiter"
import { MemoryRateLimitStore, RateLimitStore, RedisRateLimitStore } from "../rate-limit/store"

const REDIS_URL = process.env.AI_CREDITS_TEST_REDIS_URL ?? "redis://localhost:6379"

const options = (rateLimits: Record<string, unknown>) => aiCreditsGatewayOptionsSchema.parse({ rate_limits: rateLimits }).rate_limits

const visitor = (id: string, extra: Record<string, string> = {}) => ({ module: "chatbot", visitor_id: id, ...extra })

/** The same behaviour, whichever store keeps the counters. */
describe.each([
  ["in process", () => new MemoryRateLimitStore()],
  ["in Redis", () => new RedisRateLimitStore(REDIS_URL, `aic:test:${randomUUID()}:`)],
] as [string, () => RateLimitStore][])("rate limits with counters %s", (_name, makeStore) => {
  const stores: RateLimitStore[] = []
  const limiter = (rateLimits: Record<string, unknown>, store = makeStore()) => {
    stores.push(store)
    return new RateLimiter(options(rateLimits), store)
  }
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()))
  })

  it("counts the last millisecond of a window and the first of the next apart", async () => {
    const rl = limiter({ rules: [{ per: "visitor", limit: 2, window_seconds: 60 }], cooldown: null })
    const windowEnd = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000
    expect(await rl.check(visitor("v1"), windowEnd - 2)).toEqual({ allowed: true })
    expect(await rl.check(visitor("v1"), windowEnd - 1)).toEqual({ allowed: true })
    const refused = await rl.check(visitor("v1"), windowEnd - 1)
    expect(refused).toMatchObject({ allowed: false, reason: "rate_limit", rule: { per: "visitor", limit: 2, window_seconds: 60 } })
    expect(await rl.check(visitor("v1"), windowEnd)).toEqual({ allowed: true })
  })

  it("limits each visitor on its own and a module rule only for its module", async () => {
    const rl = limiter({
      rules: [
        { per: "visitor", limit: 1, window_seconds: 60 },
        { per: "ip", module: "search", limit: 1, window_seconds: 60 },
      ],
      cooldown: null,
    })
    expect((await rl.check(visitor("a", { ip: "10.0.0.1" }))).allowed).toBe(true)
    expect((await rl.check(visitor("b", { ip: "10.0.0.1" }))).allowed).toBe(true)
    expect((await rl.check(visitor("a", { ip: "10.0.0.1" }))).allowed).toBe(false)
    expect((await rl.check({ module: "search", visitor_id: "c", ip: "10.0.0.1" })).allowed).toBe(true)
    expect((await rl.check({ module: "search", visitor_id: "d", ip: "10.0.0.1" })).allowed).toBe(false)
  })

  it("counts nothing when one of the limits refuses", async () => {
    const rl = limiter({
      rules: [
        { per: "ip", limit: 1, window_seconds: 60 },
        { per: "visitor", limit: 5, window_seconds: 60 },
      ],
      cooldown: null,
    })
    expect((await rl.check(visitor("v", { ip: "10.0.0.9" }))).allowed).toBe(true)
    for (let i = 0; i < 4; i++) {
      expect((await rl.check(visitor("v", { ip: "10.0.0.9" }))).allowed).toBe(false)
    }
    // The visitor's own limit was not used up by the refused requests.
    for (let i = 0; i < 4; i++) {
      expect((await rl.check(visitor("v", { ip: `10.0.1.${i}` }))).allowed).toBe(true)
    }
  })

  it("cools a caller down after repeated limit hits, and tells it when to come back", async () => {
    const rl = limiter({
      rules: [{ per: "visitor", limit: 1, window_seconds: 1 }],
      cooldown: { violations: 3, within_seconds: 60, duration_seconds: 600 },
    })
    const now = Math.floor(Date.now() / 1000) * 1000
    expect((await rl.check(visitor("hot"), now)).allowed).toBe(true)
    for (let i = 0; i < 3; i++) {
      expect(await rl.check(visitor("hot"), now + 10)).toMatchObject({ allowed: false, reason: "rate_limit" })
    }
    // The next window would allow a request, but the caller is cooling down.
    const cooled = await rl.check(visitor("hot"), now + 1_500)
    expect(cooled).toMatchObject({ allowed: false, reason: "cooldown" })
    expect((cooled as { retry_after_s: number }).retry_after_s).toBeGreaterThan(590)
    expect((await rl.check(visitor("other"), now + 1_500)).allowed).toBe(true)
  })

  it("limits messages per conversation and conversations per visitor per day", async () => {
    const rl = limiter({
      rules: [],
      cooldown: null,
      conversations: { messages_per_conversation: 2, conversations_per_visitor_per_day: 2 },
    })
    const message = (conversation: string) => rl.check(visitor("chatty", { conversation_id: conversation }))
    expect((await message("c1")).allowed).toBe(true)
    expect((await message("c1")).allowed).toBe(true)
    expect(await message("c1")).toMatchObject({ allowed: false, reason: "conversation_messages" })
    expect((await message("c2")).allowed).toBe(true)
    expect(await message("c3")).toMatchObject({ allowed: false, reason: "conversations_per_day" })
    expect((await message("c2")).allowed).toBe(true)
  })

  it("counts conversations per caller: other callers, and a visitor named like a customer, have their own", async () => {
    const rl = limiter({
      rules: [],
      cooldown: null,
      conversations: { messages_per_conversation: 2, conversations_per_visitor_per_day: 1 },
    })
    for (const id of ["a", "b", "c"]) {
      expect((await rl.check(visitor(id, { conversation_id: "shared" }))).allowed).toBe(true)
    }
    expect((await rl.check(visitor("cus_1", { conversation_id: "x" }))).allowed).toBe(true)
    expect((await rl.check({ module: "chatbot", customer_id: "cus_1", conversation_id: "y" })).allowed).toBe(true)
    expect((await rl.check({ module: "chatbot", ip: "10.0.0.5", conversation_id: "shared" })).allowed).toBe(true)
    expect((await rl.check(visitor("a", { conversation_id: "shared" }))).allowed).toBe(true)
    expect(await rl.check(visitor("a", { conversation_id: "shared" }))).toMatchObject({ allowed: false, reason: "conversation_messages" })
  })

  it("limits guests without a visitor id by address, and cools a caller's address down with it", async () => {
    const rl = limiter({
      rules: [{ per: "visitor", limit: 1, window_seconds: 60 }],
      cooldown: { violations: 2, within_seconds: 60, duration_seconds: 600 },
    })
    const guest = (ip: string) => ({ module: "chatbot", ip })
    expect((await rl.check(guest("10.0.0.7"))).allowed).toBe(true)
    expect(await rl.check(guest("10.0.0.7"))).toMatchObject({ allowed: false, reason: "rate_limit", rule: { per: "visitor" } })
    expect((await rl.check(guest("10.0.0.8"))).allowed).toBe(true)

    // One hit each under two visitor ids: the address has two, and is cooling down.
    expect((await rl.check(visitor("first", { ip: "10.0.0.9" }))).allowed).toBe(true)
    expect((await rl.check(visitor("first", { ip: "10.0.0.9" }))).allowed).toBe(false)
    expect((await rl.check(visitor("second", { ip: "10.0.0.9" }))).allowed).toBe(true)
    expect((await rl.check(visitor("second", { ip: "10.0.0.9" }))).allowed).toBe(false)
    expect(await rl.check(visitor("third", { ip: "10.0.0.9" }))).toMatchObject({ allowed: false, reason: "cooldown" })
    expect(await rl.check(guest("10.0.0.9"))).toMatchObject({ allowed: false, reason: "cooldown" })
    expect((await rl.check(visitor("third", { ip: "10.0.0.10" }))).allowed).toBe(true)
  })

  it("cools a customer down alone: not its address, nor other customers, visitors or guests there", async () => {
    const rl = limiter({
      rules: [
        { per: "customer", limit: 1, window_seconds: 60 },
        { per: "ip", limit: 1, window_seconds: 1 },
      ],
      cooldown: { violations: 2, within_seconds: 60, duration_seconds: 600 },
    })
    const customer = (id: string) => ({ module: "chatbot", customer_id: id, ip: "10.0.2.1" })
    const now = Math.floor(Date.now() / 1000) * 1000
    expect((await rl.check(customer("cus_hot"), now)).allowed).toBe(true)
    // Two hits: one of its own limit, one of its address's.
    expect(await rl.check(customer("cus_hot"), now + 10)).toMatchObject({ allowed: false, reason: "rate_limit" })
    expect(await rl.check(customer("cus_hot"), now + 1_010)).toMatchObject({ allowed: false, reason: "rate_limit", rule: { per: "customer" } })
    expect(await rl.check(customer("cus_hot"), now + 2_010)).toMatchObject({ allowed: false, reason: "cooldown" })

    // Later windows of the address's limit: everyone else there is let through.
    expect(await rl.check(customer("cus_neighbour"), now + 3_010)).toEqual({ allowed: true })
    expect(await rl.check(visitor("neighbour", { ip: "10.0.2.1" }), now + 4_010)).toEqual({ allowed: true })
    expect(await rl.check({ module: "chatbot", ip: "10.0.2.1" }, now + 5_010)).toEqual({ allowed: true })
  })

  it("cools an address down for anonymous callers only: a customer there is let through", async () => {
    const rl = limiter({
      rules: [{ per: "visitor", limit: 1, window_seconds: 60 }],
      cooldown: { violations: 2, within_seconds: 60, duration_seconds: 600 },
    })
    // Anonymous callers (perhaps claiming the address with a forged X-Forwarded-For) cool it down...
    for (const id of ["first", "second"]) {
      expect((await rl.check(visitor(id, { ip: "10.0.3.1" }))).allowed).toBe(true)
      expect(await rl.check(visitor(id, { ip: "10.0.3.1" }))).toMatchObject({ allowed: false, reason: "rate_limit" })
    }
    expect(await rl.check(visitor("third", { ip: "10.0.3.1" }))).toMatchObject({ allowed: false, reason: "cooldown" })
    expect(await rl.check({ module: "chatbot", ip: "10.0.3.1" })).toMatchObject({ allowed: false, reason: "cooldown" })
    // ...and a logged-in customer there is not cooled down by them.
    expect(await rl.check({ module: "chatbot", customer_id: "cus_victim", ip: "10.0.3.1" })).toEqual({ allowed: true })
  })

  it("counts conversation refusals as limit hits: new visitor ids from the address do not keep a full conversation going", async () => {
    const rl = limiter({
      rules: [],
      cooldown: { violations: 2, within_seconds: 60, duration_seconds: 600 },
      conversations: { messages_per_conversation: 1, conversations_per_visitor_per_day: 1 },
    })
    const message = (id: string, conversation: string) => rl.check(visitor(id, { ip: "10.0.4.1", conversation_id: conversation }))
    expect((await message("rotating-1", "target")).allowed).toBe(true)
    expect(await message("rotating-1", "target")).toMatchObject({ allowed: false, reason: "conversation_messages" })
    expect((await message("rotating-2", "target")).allowed).toBe(true)
    expect(await message("rotating-2", "other")).toMatchObject({ allowed: false, reason: "conversations_per_day" })
    // Two refusals from the address: a new visitor id, or none, waits out the cooldown.
    expect(await message("rotating-3", "target")).toMatchObject({ allowed: false, reason: "cooldown" })
    expect(await rl.check({ module: "chatbot", ip: "10.0.4.1", conversation_id: "target" })).toMatchObject({ allowed: false, reason: "cooldown" })
    // A customer's conversation refusals cool down that customer only.
    const customer = (id: string) => rl.check({ module: "chatbot", customer_id: id, ip: "10.0.4.2", conversation_id: "c" })
    expect((await customer("cus_chatty")).allowed).toBe(true)
    expect(await customer("cus_chatty")).toMatchObject({ allowed: false, reason: "conversation_messages" })
    expect(await customer("cus_chatty")).toMatchObject({ allowed: false, reason: "conversation_messages" })
    expect(await customer("cus_chatty")).toMatchObject({ allowed: false, reason: "cooldown" })
    expect(await customer("cus_other")).toEqual({ allowed: true })
    expect(await rl.check(visitor("neighbour", { ip: "10.0.4.2", conversation_id: "c" }))).toEqual({ allowed: true })
  })
})

describe("rate limits shared through Redis", () => {
  it("holds one limit across two servers", async () => {
    const prefix = `aic:test:${randomUUID()}:`
    const rateLimits = options({ rules: [{ per: "visitor", limit: 50, window_seconds: 60 }], cooldown: null })
    const serverA = new RateLimiter(rateLimits, new RedisRateLimitStore(REDIS_URL, prefix))
    const serverB = new RateLimiter(rateLimits, new RedisRateLimitStore(REDIS_URL, prefix))
    const now = Math.floor(Date.now() / 60_000) * 60_000 + 1_000
    const decisions = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? serverA : serverB).check(visitor("shared"), now))
    )
    expect(decisions.filter((d) => d.allowed)).toHaveLength(50)
    await serverA.close()
    await serverB.close()
  })

  it("fails open or closed as configured when Redis is unreachable, and says so", async () => {
    const warnings: string[] = []
    const logger = { warn: (message: string) => warnings.push(message) }
    const unreachable = "redis://127.0.0.1:1"
    const open = new RateLimiter(options({ failure_mode: "open" }), new RedisRateLimitStore(unreachable), logger)
    const closed = new RateLimiter(options({ failure_mode: "closed" }), new RedisRateLimitStore(unreachable), logger)
    expect(await open.check(visitor("v"))).toEqual({ allowed: true, degraded: true })
    expect(await closed.check(visitor("v"))).toMatchObject({ allowed: false, reason: "limiter_unavailable" })
    expect(warnings.some((w) => w.includes("failing open"))).toBe(true)
    expect(warnings.some((w) => w.includes("failing closed"))).toBe(true)
    await open.close()
    await closed.close()
  })
})
