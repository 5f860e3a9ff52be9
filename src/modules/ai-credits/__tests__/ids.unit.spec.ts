import { newEntityId } from "../ids"

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** The millisecond time a ULID carries in its first ten characters. */
function timeOf(id: string) {
  return [...id.split("_")[1].slice(0, 10)].reduce((ms, char) => ms * 32 + CROCKFORD.indexOf(char), 0)
}

describe("newEntityId", () => {
  it("makes Medusa-style ids: the prefix, then a ULID of the current millisecond", () => {
    const before = Date.now()
    const id = newEntityId("aile")
    const after = Date.now()

    expect(id).toMatch(/^aile_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(timeOf(id)).toBeGreaterThanOrEqual(before)
    expect(timeOf(id)).toBeLessThanOrEqual(after)
  })

  it("never repeats itself, across many refills of its random pool", () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newEntityId("aires")))

    expect(ids.size).toBe(20_000)
  })

  it("spreads the random part over the whole alphabet", () => {
    const seen = new Set(Array.from({ length: 2_000 }, () => newEntityId("x").slice(-16)).join(""))

    expect(seen.size).toBe(32)
  })
})
