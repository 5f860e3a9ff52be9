import { CreditError } from "../errors"
import {
  actorOf,
  affordableOutputLimit,
  actorScopeOf,
  CallerContext,
  cheaperRouteOf,
  estimateFor,
  fallbackChoice,
  fallbackFor,
  insufficientCredits,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  payersOf,
  perRequestMaximum,
  quotaScopeOf,
  refusalHandling,
  requestContextOf,
  scopedKey,
  untrustedEstimateFor,
  visibleBalance,
  visibleRefusalDetails,
  withRetryAfter,
} from "../policy"

const limits = {
  estimate: { input_tokens: 500, output_tokens: 300, images: 0, requests: 1 },
  max_input_tokens: 1_000,
  max_output_tokens: 400,
  max_images: 1,
}

function contextOf(overrides: Partial<CallerContext> = {}): CallerContext {
  return {
    caller: { customer_id: "cus_1", sales_channel_id: "sc_1" },
    customer_group_ids: ["cusgroup_1"],
    standing: null,
    admin_roles: [],
    store_id: "store_1",
    ...overrides,
  }
}

describe("caller scope", () => {
  it("scopes users, customers, visitors and guests apart", () => {
    expect(actorScopeOf({ user_id: "user_1", customer_id: "cus_1" })).toBe("user:user_1")
    expect(actorScopeOf({ customer_id: "cus_1" })).toBe("customer:cus_1")
    expect(actorScopeOf({ visitor_id: "v1", publishable_key: "pk_1" })).toBe("visitor:pk_1:v1")
    expect(actorScopeOf({ ip: "::1" })).toBe("guest:none:%3A%3A1")
    expect(actorScopeOf({ customer_id: "cus_1", metered_by_server: true })).toBe("customer:cus_1#server-metered")
  })

  it("puts keys in the caller's namespace, hashing those too long to store", () => {
    expect(scopedKey({ customer_id: "cus_1" }, "k")).toBe("customer:cus_1:k")
    expect(scopedKey({ customer_id: "cus_1" }, undefined)).toBeUndefined()
    const long = scopedKey({ customer_id: "cus_1" }, "k".repeat(MAX_IDEMPOTENCY_KEY_LENGTH))
    expect(long).toMatch(/^sha256:/)
    expect(() => scopedKey({ customer_id: "cus_1" }, "")).toThrow(CreditError)
  })

  it("names the actor", () => {
    expect(actorOf({ user_id: "u" })).toEqual({ type: "user", id: "u" })
    expect(actorOf({ customer_id: "c" })).toEqual({ type: "customer", id: "c" })
    expect(actorOf({})).toEqual({ type: "visitor", id: null })
  })
})

describe("payers and request context", () => {
  it("orders the payers: customer, groups, channel, its pools, store", () => {
    expect(payersOf(contextOf())).toEqual([
      { owner_type: "customer", owner_id: "cus_1" },
      { owner_type: "customer_group", owner_id: "cusgroup_1" },
      { owner_type: "sales_channel", owner_id: "sc_1" },
      { pools_of_sales_channel: "sc_1" },
      { owner_type: "store", owner_id: "store_1" },
    ])
  })

  it("skips a past-due subscriber's own wallet", () => {
    const standing = { subscription_id: "sub_1", plan_id: "plan_1", past_due: true, fallback: null }
    expect(payersOf(contextOf({ standing }))[0]).toEqual({ owner_type: "customer_group", owner_id: "cusgroup_1" })
  })

  it("records the plan and the caller, and matches quotas by plan and roles", () => {
    const standing = { subscription_id: "sub_1", plan_id: "plan_1", past_due: false, fallback: null }
    expect(requestContextOf(contextOf({ standing }), { action: "ask" })).toMatchObject({
      plan_id: "plan_1",
      actor_scope: "customer:cus_1",
      action: "ask",
      cart_id: null,
    })
    expect(quotaScopeOf(contextOf({ standing }), "chatbot")).toMatchObject({ plan_ids: ["plan_1"], customer_group_ids: ["cusgroup_1"] })
  })
})

describe("estimates", () => {
  it("fills the module's defaults and caps output per request", () => {
    expect(estimateFor(limits, { output_tokens: 5_000, requests: 2 })).toEqual({ input_tokens: 500, output_tokens: 800, images: 0, requests: 2 })
  })

  it("holds a storefront's estimate to one request of the per-request maximum", () => {
    expect(perRequestMaximum(limits)).toEqual({ input_tokens: 1_000, output_tokens: 400, images: 1, requests: 1 })
    expect(untrustedEstimateFor(limits, { input_tokens: 9_000, images: 5, requests: 3 })).toEqual({
      input_tokens: 1_000,
      output_tokens: 300,
      images: 1,
      requests: 1,
    })
  })
})

describe("fallback", () => {
  const refusal = new CreditError("insufficient_credits", "Not enough credits", {
    required: 10,
    available: 2,
    balance: { available: 2, reserved: 0, owner_type: "customer", owner_id: "cus_1" },
  })

  it("lets a past-due plan's fallback replace the module's", () => {
    const own = { type: "degrade" as const }
    const plan = { type: "disable" as const }
    expect(fallbackFor(own, { subscription_id: "s", plan_id: "p", past_due: true, fallback: plan })).toBe(plan)
    expect(fallbackFor(own, { subscription_id: "s", plan_id: "p", past_due: false, fallback: plan })).toBe(own)
  })

  it("sorts refusals", () => {
    expect(refusalHandling(refusal)).toBe("fallback")
    expect(refusalHandling(new CreditError("quota_exceeded", "q", { rule: { action: "fallback" } }))).toBe("fallback")
    expect(refusalHandling(new CreditError("quota_exceeded", "q", { rule: { action: "block" } }))).toBe("quota")
    expect(refusalHandling(new CreditError("idempotency_conflict", "c"))).toBe("replay")
    expect(refusalHandling(new CreditError("not_priced", "n"))).toBe("as_is")
  })

  it("chooses what the fallback does", () => {
    const routing = { provider: "openai", model: "gpt-4o" }
    expect(fallbackChoice({ type: "cheaper_model", model: "gpt-4o-mini" }, routing)).toEqual({
      kind: "cheaper_model",
      provider: "openai",
      model: "gpt-4o-mini",
    })
    expect(fallbackChoice({ type: "cheaper_model", model: "gpt-4o" }, routing)).toMatchObject({ kind: "refuse", offers: true })
    expect(fallbackChoice({ type: "degrade" }, routing)).toEqual({ kind: "degrade", message: "AI is unavailable right now." })
    expect(fallbackChoice({ type: "disable", message: "Off" }, routing)).toEqual({
      kind: "refuse",
      fallback: { type: "disable", message: "Off" },
      offers: false,
    })
    expect(fallbackChoice({ type: "upgrade_prompt" }, routing)).toMatchObject({ kind: "refuse", offers: true })
    expect(cheaperRouteOf({ type: "cheaper_model", model: "m", provider: "p2" }, "p1", "big")).toEqual({ provider: "p2", model: "m" })
  })

  it("answers a refusing fallback with a 402 that shows the balance only to its owner", () => {
    const error = insufficientCredits(refusal, { type: "disable" }, null)
    expect(error.code).toBe("insufficient_credits")
    expect(JSON.parse(JSON.stringify(error.details))).toEqual({
      reason: "balance",
      required: 10,
      available: 2,
      balance: { available: 2, reserved: 0 },
      fallback: { type: "disable" },
      upgrade: null,
    })
    expect(visibleRefusalDetails({ customer_id: "cus_1" }, error.details).balance).toEqual({ available: 2, reserved: 0 })
    expect(visibleRefusalDetails({ customer_id: "cus_2" }, error.details)).toMatchObject({ balance: null })
    expect(visibleRefusalDetails({ customer_id: "cus_2" }, error.details)).not.toHaveProperty("available")
  })

  it("says in a 402 what the smallest request costs, keeping a configured message as it is", () => {
    const short = new CreditError("insufficient_credits", "Not enough credits for this request", {
      reason: "balance",
      required: 2,
      available: 1,
      smallest_required: 1,
      affordable_output_tokens: 240,
    })
    const plain = insufficientCredits(short, { type: "disable" }, null)
    expect(plain.message).toBe("Not enough credits for this request. This request needs up to 2 credits; the smallest request costs 1.")
    expect(plain.details).toMatchObject({ required: 2, smallest_required: 1 })
    expect(plain.details).not.toHaveProperty("affordable_output_tokens")
    expect(insufficientCredits(short, { type: "upgrade_prompt", message: "Your AI credits have run out." }, null).message).toBe(
      "Your AI credits have run out."
    )
    // What the balance affords is shown only with the balance.
    expect(visibleRefusalDetails({ customer_id: "cus_2" }, short.details)).not.toHaveProperty("affordable_output_tokens")
    expect(affordableOutputLimit(short, true)).toBe(240)
    expect(affordableOutputLimit(short, false)).toBeNull()
    expect(affordableOutputLimit(new CreditError("insufficient_credits", "x", { reason: "monthly_budget", affordable_output_tokens: 9 }), true)).toBeNull()
  })

  it("gives a quota refusal its Retry-After", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    const error = withRetryAfter(new CreditError("quota_exceeded", "q", { resets_at: "2026-01-01T00:00:30Z" }), now)
    expect(error.details.retry_after_s).toBe(30)
  })
})

describe("balance visibility", () => {
  it("shows a customer their own wallet and their group's pool, nothing shared", () => {
    const balance = { available: 5, reserved: 1 }
    expect(visibleBalance({ customer_id: "cus_1" }, { ...balance, owner_type: "customer", owner_id: "cus_1" })).toEqual(balance)
    expect(visibleBalance({ customer_id: "cus_1" }, { ...balance, owner_type: "customer_group", owner_id: "g" })).toEqual(balance)
    expect(visibleBalance({ customer_id: "cus_1" }, { ...balance, owner_type: "store", owner_id: "s" })).toBeNull()
    expect(visibleBalance({ visitor_id: "v" }, { ...balance, owner_type: "customer_group", owner_id: "g" })).toBeNull()
  })
})
