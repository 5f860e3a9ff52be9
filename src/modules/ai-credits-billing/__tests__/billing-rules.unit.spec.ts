import { addMonth, backoffAfter, toMinorUnits } from "../billing-rules"
import { normalizeEmail } from "../service"
import { subscriptionStatusOf } from "../stripe-status"

describe("billing rules", () => {
  it("normalizes emails for one trial per person", () => {
    expect(normalizeEmail("Ada.Lovelace+ai@Example.COM")).toEqual("adalovelace@example.com")
    expect(normalizeEmail(" ada@example.com ")).toEqual("ada@example.com")
    expect(normalizeEmail("grace@example.com")).not.toEqual(normalizeEmail("ada@example.com"))
  })

  it("converts decimal prices to Stripe's smallest unit exactly", () => {
    expect(toMinorUnits("19.00", "usd")).toEqual(1900)
    expect(toMinorUnits("0.1", "usd")).toEqual(10)
    expect(toMinorUnits("30", "usd")).toEqual(3000)
    expect(toMinorUnits("1500", "jpy")).toEqual(1500)
    expect(() => toMinorUnits("0.005", "usd")).toThrow("not a whole number of cents")
  })

  it("adds calendar months, clamping to the month's last day", () => {
    expect(addMonth(new Date("2026-01-31T10:00:00Z")).toISOString()).toEqual("2026-02-28T10:00:00.000Z")
    expect(addMonth(new Date("2026-12-15T00:00:00Z")).toISOString()).toEqual("2027-01-15T00:00:00.000Z")
  })

  it("backs off longer after each declined card, at most a day", () => {
    expect([1, 2, 3, 10].map((n) => backoffAfter(n) / 3_600_000)).toEqual([1, 2, 4, 24])
  })

  it("maps Stripe's subscription statuses", () => {
    expect(subscriptionStatusOf("unpaid")).toEqual("past_due")
    expect(subscriptionStatusOf("incomplete_expired")).toEqual("canceled")
    expect(subscriptionStatusOf("trialing")).toEqual("trialing")
  })
})
