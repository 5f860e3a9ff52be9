import fc from "fast-check"
import { type FieldKind, HOSTILE_QUERY_VALUES, HOSTILE_VALUES, nestedArraysIn, nestedObjectsJson } from "./hostile"

/**
 * fast-check arbitraries of hostile input for the HTTP fuzz runs: values each invalid for the kind
 * of field they go into (so a route must refuse them and change nothing), and query values of any
 * shape (a read route may accept them, but never answer with a 5xx).
 */

/** Any text with a lone UTF-16 surrogate spliced in. */
export const withLoneSurrogate = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff"), fc.string({ maxLength: 20 }))
  .map(([before, surrogate, after]) => before + surrogate + after)

/** Objects or arrays nested deeper than any route takes, as JSON text. */
const tooDeep = fc
  .tuple(fc.integer({ min: 33, max: 30_000 }), fc.boolean())
  .map(([depth, objects]) => (objects ? nestedObjectsJson(depth) : nestedArraysIn("a", depth)))

/** An ISO date JavaScript can hold outside 1970-9999 (years before 0 and after 9999 included). */
export const outOfRangeDate = fc
  .oneof(fc.integer({ min: -8.64e15, max: Date.UTC(1969, 11, 31) }), fc.integer({ min: Date.UTC(10_000, 0, 1), max: 8.64e15 }))
  .map((time) => new Date(time).toISOString())

/** Not a whole number a credit or token count can be (JSON has no NaN nor Infinity: they would be null). */
const notAWholeNumber = fc.oneof(
  fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(2 ** 63, 1e308, -1e308, 2 ** 53 + 2),
  fc.string({ maxLength: 10 }).map((text) => `n${text}`),
  fc.boolean()
)

/** A value invalid for a field of `kind`: the suite's known bad values, lone surrogates, deep nesting and per-kind extremes. */
export function invalidValueFor(kind: FieldKind): fc.Arbitrary<unknown> {
  const specific: Partial<Record<FieldKind, fc.Arbitrary<unknown>[]>> = {
    date: [outOfRangeDate],
    int: [notAWholeNumber],
    uint: [notAWholeNumber, fc.integer({ min: -(2 ** 31), max: -1 })],
    record: [fc.dictionary(fc.string({ maxLength: 8 }), withLoneSurrogate, { minKeys: 1, maxKeys: 3, noNullPrototype: true })],
  }
  return fc.oneof(fc.constantFrom(...HOSTILE_VALUES[kind]), withLoneSurrogate, tooDeep, ...(specific[kind] ?? []))
}

/** A query value of any kind of text: the suite's known bad values, dates out of range, numbers, anything. */
export function queryValueFor(kind: FieldKind): fc.Arbitrary<string> {
  const known = HOSTILE_QUERY_VALUES[kind] ?? []
  return fc.oneof(
    ...(known.length ? [fc.constantFrom(...known)] : []),
    outOfRangeDate,
    fc.double().map(String),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
    fc.string({ maxLength: 30 })
  )
}
