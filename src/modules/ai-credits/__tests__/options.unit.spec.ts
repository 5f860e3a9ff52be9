import { resolveAiCreditsOptions } from "../options"

describe("resolveAiCreditsOptions", () => {
  it("fills in defaults for missing options", () => {
    const options = resolveAiCreditsOptions(undefined)

    expect(options.hold_ttl_seconds).toBe(300)
    expect(options.max_hold_credits).toBeGreaterThan(0)
    expect(options.default_overage_limit).toBe(0)
    expect(options.ledger_admission).toEqual({ concurrency: 8, per_wallet: 2, max_batch: 8 })
    expect(options.credit_packs).toEqual({ capture: "manual" })
    expect(resolveAiCreditsOptions({})).toEqual(options)
  })

  it("keeps valid options as given", () => {
    expect(resolveAiCreditsOptions({ hold_ttl_seconds: 120 }).hold_ttl_seconds).toBe(120)
    expect(resolveAiCreditsOptions({ credit_packs: { capture: "on_order" } }).credit_packs.capture).toBe("on_order")
  })

  it("rejects a bad option with a message naming it", () => {
    expect(() => resolveAiCreditsOptions({ hold_ttl_seconds: -1 })).toThrow(Error)
    expect(() => resolveAiCreditsOptions({ hold_ttl_seconds: -1 })).toThrow(/hold_ttl_seconds/)
    expect(() => resolveAiCreditsOptions({ ledger_admission: { concurrency: 0 } })).toThrow(/ledger_admission/)
    expect(() => resolveAiCreditsOptions({ credit_packs: { capture: "at_once" } })).toThrow(/credit_packs\.capture/)
  })
})
