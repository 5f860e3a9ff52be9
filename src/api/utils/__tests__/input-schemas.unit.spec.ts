import { boundedDate, METADATA_MAX_BYTES, METADATA_MAX_DEPTH, metadataSchema } from "../input-schemas"

/** An object `depth` levels deep (the outer object is level 1). */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {}
  for (let level = 1; level < depth; level++) {
    value = { a: value }
  }
  return value
}

describe("metadataSchema", () => {
  it(`takes objects up to ${METADATA_MAX_DEPTH} levels deep and ${METADATA_MAX_BYTES} bytes`, () => {
    expect(metadataSchema.safeParse(nested(METADATA_MAX_DEPTH)).success).toBe(true)
    const padding = "x".repeat(METADATA_MAX_BYTES - JSON.stringify({ note: "" }).length)
    expect(metadataSchema.safeParse({ note: padding }).success).toBe(true)
  })

  it("refuses deeper or larger objects with a message, however deep they are", () => {
    for (const value of [nested(METADATA_MAX_DEPTH + 1), nested(30_000), { list: [[[[[[[[[[[1]]]]]]]]]]] }]) {
      const result = metadataSchema.safeParse(value)
      expect(result.success).toBe(false)
      expect(result.error?.issues[0].message).toContain(`at most ${METADATA_MAX_DEPTH} levels deep`)
    }
    const result = metadataSchema.safeParse({ note: "é".repeat(METADATA_MAX_BYTES / 2) })
    expect(result.error?.issues[0].message).toContain(`at most ${METADATA_MAX_BYTES} bytes`)
  })
})

describe("boundedDate", () => {
  it("takes dates from 1970 to 9999 and refuses those a timestamp column cannot hold", () => {
    expect(boundedDate.parse("2026-01-01T00:00:00Z")).toEqual(new Date("2026-01-01T00:00:00Z"))
    expect(boundedDate.safeParse("9999-12-31").success).toBe(true)
    for (const value of ["-271821-04-20", "+275760-09-13T00:00:00.000Z", "0000-01-01", "1969-12-31T23:59:59Z", "+010000-01-01", "soon"]) {
      expect(boundedDate.safeParse(value).success).toBe(false)
    }
  })
})
