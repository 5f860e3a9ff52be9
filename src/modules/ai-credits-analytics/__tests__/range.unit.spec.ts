import { ceilTo, decompose, floorTo, grainsFor, sourceFor } from "../sql"

const at = (iso: string) => new Date(iso)
const show = (parts: ReturnType<typeof decompose>) =>
  parts.map((p) => `${p.grain} ${p.from.toISOString().slice(0, 13)}..${p.to.toISOString().slice(0, 13)}`)

describe("range decomposition", () => {
  it("rounds to UTC hours, days and months", () => {
    expect(floorTo("month", at("2026-03-17T05:00:00Z")).toISOString()).toEqual("2026-03-01T00:00:00.000Z")
    expect(ceilTo("day", at("2026-03-17T05:00:00Z")).toISOString()).toEqual("2026-03-18T00:00:00.000Z")
    expect(ceilTo("day", at("2026-03-18T00:00:00Z")).toISOString()).toEqual("2026-03-18T00:00:00.000Z")
    expect(ceilTo("month", at("2026-12-02T00:00:00Z")).toISOString()).toEqual("2027-01-01T00:00:00.000Z")
  })

  it("answers whole months from month rows, whole days from day rows and the edges from the events", () => {
    const parts = decompose(at("2026-02-27T05:00:00Z"), at("2026-04-02T07:00:00Z"), ["month", "day"])
    expect(show(parts)).toEqual([
      "raw 2026-02-27T05..2026-02-28T00",
      "day 2026-02-28T00..2026-03-01T00",
      "month 2026-03-01T00..2026-04-01T00",
      "day 2026-04-01T00..2026-04-02T00",
      "raw 2026-04-02T00..2026-04-02T07",
    ])
  })

  it("uses hour rows for the edges when the source has them", () => {
    expect(show(decompose(at("2026-03-01T22:00:00Z"), at("2026-03-03T02:00:00Z"), ["day", "hour"]))).toEqual([
      "hour 2026-03-01T22..2026-03-02T00",
      "day 2026-03-02T00..2026-03-03T00",
      "hour 2026-03-03T00..2026-03-03T02",
    ])
    expect(show(decompose(at("2026-03-01T22:00:00Z"), at("2026-03-02T02:00:00Z"), ["day", "hour"]))).toEqual([
      "hour 2026-03-01T22..2026-03-02T02",
    ])
  })

  it("keeps to grains that fit in one output bucket", () => {
    expect(grainsFor("usage", undefined, true)).toEqual(["day", "hour"])
    expect(grainsFor("usage", "hour", true)).toEqual(["hour"])
    expect(grainsFor("usage", "day", false)).toEqual(["hour"])
    expect(grainsFor("customers", "day", true)).toEqual(["day"])
    expect(grainsFor("customers", "month", true)).toEqual(["month", "day"])
    expect(grainsFor("customers", "month", false)).toEqual([])
    expect(grainsFor("events", undefined, true)).toEqual([])
  })

  it("picks the table that has the dimensions asked for", () => {
    expect(sourceFor(["module", "sales_channel"], {})).toEqual("usage")
    expect(sourceFor(["customer"], { sales_channel_id: "sc_1" })).toEqual("customers")
    expect(sourceFor([], { customer_id: "cus_1" })).toEqual("customers")
    expect(sourceFor(["module"], { customer_id: "cus_1" })).toEqual("events")
  })
})
