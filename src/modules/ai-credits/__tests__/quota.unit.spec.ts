import { QuotaRuleRecord, quotaChecks, ruleMatches } from "../quota/matching"
import { windowBounds } from "../quota/windows"

const rule = (overrides: Partial<QuotaRuleRecord> = {}): QuotaRuleRecord => ({
  id: "aiqr_1",
  name: "rule",
  is_active: true,
  module: null,
  sales_channel_id: null,
  customer_group_id: null,
  customer_id: null,
  plan_id: null,
  admin_role: null,
  per: "actor",
  metric: "requests",
  window: "day",
  window_seconds: null,
  limit: 10,
  action: "block",
  ...overrides,
})

const request = {
  module: "chatbot",
  actor_scope: "customer:cus_1",
  sales_channel_id: "sc_web",
  customer_group_ids: ["cg_retail"],
  customer_id: "cus_1",
  admin_roles: [] as string[],
}

describe("quota rule matching", () => {
  it.each([
    ["no scope at all", {}, true],
    ["its module", { module: "chatbot" }, true],
    ["another module", { module: "seo" }, false],
    ["its sales channel", { sales_channel_id: "sc_web" }, true],
    ["another sales channel", { sales_channel_id: "sc_b2b" }, false],
    ["a group the customer is in", { customer_group_id: "cg_retail" }, true],
    ["a group the customer is not in", { customer_group_id: "cg_wholesale" }, false],
    ["the customer", { customer_id: "cus_1" }, true],
    ["another customer", { customer_id: "cus_2" }, false],
    ["module and channel", { module: "chatbot", sales_channel_id: "sc_web" }, true],
    ["module and another channel", { module: "chatbot", sales_channel_id: "sc_b2b" }, false],
    ["an admin role the caller lacks", { admin_role: "content_editor" }, false],
    ["a plan the caller lacks", { plan_id: "plan_pro" }, false],
    ["a switched-off rule", { is_active: false }, false],
  ] as [string, Partial<QuotaRuleRecord>, boolean][])("a rule scoped to %s %j matches: %s", (_what, scope, matches) => {
    expect(ruleMatches(rule(scope), request)).toBe(matches)
  })

  it("matches an admin role the caller has", () => {
    expect(ruleMatches(rule({ admin_role: "content_editor" }), { ...request, admin_roles: ["content_editor"] })).toBe(true)
  })

  it("counts per actor or for the whole scope", () => {
    const checks = quotaChecks([rule({ id: "a" }), rule({ id: "b", per: "scope" })], request, "UTC", Date.UTC(2026, 10, 25, 12))
    expect(checks.map((c) => [c.rule_id, c.subject])).toEqual([
      ["a", "customer:cus_1"],
      ["b", "*"],
    ])
  })
})

describe("quota windows", () => {
  it("puts the last millisecond of a minute and the first of the next in different windows", () => {
    const end = Date.UTC(2026, 10, 25, 12, 1)
    const last = windowBounds("minute", end - 1, "UTC")
    const first = windowBounds("minute", end, "UTC")
    expect(last.bucket_start.toISOString()).toEqual("2026-11-25T12:00:00.000Z")
    expect(last.resets_at.getTime()).toEqual(end)
    expect(first.bucket_start.getTime()).toEqual(end)
  })

  it("starts calendar days and months at midnight in the store's time zone", () => {
    // 23:30 UTC on Nov 25 is 00:30 on Nov 26 in Amsterdam (UTC+1).
    const now = Date.UTC(2026, 10, 25, 23, 30)
    expect(windowBounds("day", now, "UTC").bucket_start.toISOString()).toEqual("2026-11-25T00:00:00.000Z")
    const amsterdam = windowBounds("day", now, "Europe/Amsterdam")
    expect(amsterdam.bucket_start.toISOString()).toEqual("2026-11-25T23:00:00.000Z")
    expect(amsterdam.resets_at.toISOString()).toEqual("2026-11-26T23:00:00.000Z")
    const month = windowBounds("month", now, "America/New_York")
    expect(month.bucket_start.toISOString()).toEqual("2026-11-01T04:00:00.000Z")
    expect(month.resets_at.toISOString()).toEqual("2026-12-01T05:00:00.000Z")
  })

  it("handles a day that starts a daylight-saving change", () => {
    // Clocks in Amsterdam go forward on 2026-03-29: that day is 23 hours long.
    const day = windowBounds("day", Date.UTC(2026, 2, 29, 12), "Europe/Amsterdam")
    expect(day.bucket_start.toISOString()).toEqual("2026-03-28T23:00:00.000Z")
    expect(day.resets_at.toISOString()).toEqual("2026-03-29T22:00:00.000Z")
  })

  it("counts a rolling window in buckets that cover it", () => {
    const now = Date.UTC(2026, 10, 25, 12, 30, 30)
    const hour = windowBounds("rolling", now, "UTC", 3600)
    expect(hour.bucket_start.toISOString()).toEqual("2026-11-25T12:30:00.000Z")
    expect(hour.window_start.toISOString()).toEqual("2026-11-25T11:31:00.000Z")
    expect(hour.resets_at.toISOString()).toEqual("2026-11-25T12:31:00.000Z")
  })
})
