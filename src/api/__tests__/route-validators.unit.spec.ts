import fc from "fast-check"
import type { MedusaRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
// Loaded after the mock below (jest hoists jest.mock above the imports).
import middlewaresFile from "../middlewares"

/**
 * Property-based fuzzing of every validator registered in src/api/middlewares.ts (and the
 * per-area middlewares files it spreads): for any body or query, the input guards and the route's
 * validator either accept it, producing only values PostgreSQL can store, or refuse it with an
 * error Medusa answers as a 400. A new route is covered as soon as it is registered.
 */

// Remember the schema each validator middleware was made from, to know the fields of its route.
jest.mock("@medusajs/framework/http", () => {
  const actual = jest.requireActual("@medusajs/framework/http")
  return {
    ...actual,
    validateAndTransformBody: (schema: unknown) => Object.assign(actual.validateAndTransformBody(schema), { schema }),
    validateAndTransformQuery: (schema: unknown, config: unknown) =>
      Object.assign(actual.validateAndTransformQuery(schema, config), { schema }),
  }
})

const middlewares = middlewaresFile as unknown as { routes: { matcher: string; methods?: string[]; middlewares: Middleware[] }[] }

type Middleware = ((req: MedusaRequest, res: unknown, next: (error?: unknown) => void) => unknown) & { schema?: unknown }

/** Errors Medusa's error handler answers with 400. */
const BAD_REQUEST_TYPES: string[] = [MedusaError.Types.INVALID_DATA, MedusaError.Types.NOT_ALLOWED]

/** The field names a zod schema accepts at its top level (through pipes, refinements, unions, wrappers). */
function fieldsOf(schema: unknown): string[] {
  const def = (schema as { _zod?: { def?: Record<string, any> } })?._zod?.def
  if (!def) {
    return []
  }
  switch (def.type) {
    case "object":
      return Object.keys(def.shape)
    case "pipe":
      return fieldsOf(def.in)
    case "union":
      return [...new Set((def.options as unknown[]).flatMap(fieldsOf))]
    case "intersection":
      return [...fieldsOf(def.left), ...fieldsOf(def.right)]
    default:
      return def.innerType ? fieldsOf(def.innerType) : []
  }
}

/** Nested objects or arrays `depth` levels deep, built without recursion (and shown briefly in a counterexample). */
function nested(depth: number, kind: "object" | "array"): unknown {
  let value: object = kind === "object" ? {} : []
  for (let level = 1; level < depth; level++) {
    value = kind === "object" ? { a: value } : [value]
  }
  return Object.defineProperty(value, fc.toStringMethod, { value: () => `<${kind}s nested ${depth} deep>` })
}

const LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
const OUT_OF_RANGE_DATES = ["-271821-04-20", "+275760-09-13T00:00:00.000Z", "0000-01-01", "+010000-01-01", "-000001-12-31"]
/** In range, but not once rounded out to the hour or the bucket: a route must not carry them past year 9999. */
const EDGE_DATES = ["9999-12-31T23:30:00Z", "9999-12-31T23:59:59.999Z", "9999-12-15", "1970-01-01T00:00:00Z"]

/** Any date JavaScript can hold (most outside what a timestamp column takes), as ISO text or a day. */
const anyDate = fc
  .tuple(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.boolean())
  .map(([time, dayOnly]) => (dayOnly ? new Date(time).toISOString().replace(/T.*$/, "") : new Date(time).toISOString()))

/** Text that is hostile somewhere: lone surrogates spliced into any text, dates out of range, numbers as text. */
const hostileText = fc.oneof(
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...LONE_SURROGATES), fc.string({ maxLength: 20 }))
    .map(([before, surrogate, after]) => before + surrogate + after),
  { weight: 2, arbitrary: fc.constantFrom(...OUT_OF_RANGE_DATES, ...EDGE_DATES) },
  fc.constantFrom("1e308", "-1", "NaN", "Infinity", "9".repeat(400), "", " ", "a.b.c"),
  anyDate,
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ maxLength: 30 })
)
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 2 ** 63, -(2 ** 63), Number.MAX_SAFE_INTEGER + 2, -0, 0.1, 1.5)
)
const deep = fc.tuple(fc.integer({ min: 2, max: 12_000 }), fc.constantFrom("object" as const, "array" as const)).map(([depth, kind]) => nested(depth, kind))
const leaf = fc.oneof(hostileText, hostileNumber, fc.boolean(), fc.constant(null))
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, leaf, { maxKeys: 4, noNullPrototype: true }) },
  // What a JSON body can hold (JSON.parse makes no objects without a prototype, nor sparse arrays).
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }
)

/** An object with one, or some, of `fields` (and now and then a stranger) set to hostile values. */
const hostileObject = (fields: string[], value: fc.Arbitrary<unknown>) => {
  const key = fields.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, hostileText) : hostileText
  return fc.oneof(
    fc.tuple(key, value).map(([name, field]) => ({ [name]: field })),
    fc.uniqueArray(fc.tuple(key, value), { selector: ([name]) => name, maxLength: 5 }).map((entries) => Object.fromEntries(entries))
  )
}

/** Query strings as Express's parser hands them over: text, lists of text, one level of objects. */
const queryValue = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.array(hostileText, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, hostileText, { maxKeys: 2, noNullPrototype: true }) }
)

/** What a validator may hand to a route: nothing PostgreSQL or Date arithmetic would choke on. */
function unstorable(root: unknown): string | undefined {
  const pending: [unknown, string][] = [[root, "$"]]
  while (pending.length) {
    const [value, path] = pending.pop()!
    if (typeof value === "string" && /\p{Cs}|\u0000/u.test(value)) {
      return `${path}: text PostgreSQL cannot store`
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
      return `${path}: ${value}`
    }
    if (value instanceof Date) {
      const year = value.getUTCFullYear()
      if (Number.isNaN(value.getTime()) || year < 1 || year > 9999) {
        return `${path}: a date out of range (${value.getTime()})`
      }
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (/\p{Cs}|\u0000/u.test(key)) {
          return `${path}: a key PostgreSQL cannot store`
        }
        pending.push([child, `${path}.${key}`])
      }
    }
  }
  return undefined
}

/** Runs one middleware on `req`: the error it passed on, or undefined when it let the request through. */
async function run(middleware: Middleware, req: MedusaRequest): Promise<{ error?: unknown }> {
  let outcome: { error?: unknown } | undefined
  await middleware(req, {}, (error?: unknown) => (outcome = { error }))
  if (!outcome) {
    throw new Error(`${middleware.name} neither called next nor answered`)
  }
  return outcome
}

const guards = middlewares.routes.filter((route) => !route.methods && route.matcher.endsWith("*"))
const validated = middlewares.routes.flatMap((route) =>
  route.middlewares
    .filter((middleware) => middleware.schema)
    .map((validator) => ({
      name: `${route.methods?.join(",") ?? "ANY"} ${route.matcher} (${validator.name})`,
      route,
      validator,
      isQuery: validator.name === "validateQuery",
      fields: fieldsOf(validator.schema),
    }))
)

describe("route validators under hostile input", () => {
  it("finds the validators of the routes", () => {
    expect(validated.length).toBeGreaterThan(40)
    expect(guards.length).toBeGreaterThan(0)
    expect(validated.filter(({ fields }) => fields.length === 0).map(({ name }) => name)).toEqual([
      expect.stringContaining("/admin/ai-credits/analytics/status"),
    ])
  })

  it.each(validated.map((entry) => [entry.name, entry]))("%s accepts storable input or refuses it with a 400", async (_, entry) => {
    const input = entry.isQuery ? hostileObject(entry.fields, queryValue) : hostileObject(entry.fields, hostileValue)
    await fc.assert(
      fc.asyncProperty(input, async (payload) => {
        const req = {
          method: entry.route.methods?.[0] ?? "POST",
          path: entry.route.matcher,
          originalUrl: entry.route.matcher,
          body: entry.isQuery ? {} : payload,
          query: entry.isQuery ? payload : {},
          headers: {},
          allowed: [],
          scope: { resolve: () => undefined },
        } as unknown as MedusaRequest
        const applicable = guards.filter((guard) => entry.route.matcher.startsWith(guard.matcher.slice(0, -1)))
        for (const middleware of [...applicable.flatMap((guard) => guard.middlewares), entry.validator]) {
          const { error } = await run(middleware, req)
          if (error) {
            const type = (error as { type?: string }).type
            if (!(error instanceof MedusaError) || !BAD_REQUEST_TYPES.includes(type!)) {
              throw new Error(`${middleware.name} refused with ${type ?? (error as Error).name}: ${(error as Error).message}`)
            }
            return
          }
        }
        const accepted = entry.isQuery ? (req as unknown as { validatedQuery: unknown }).validatedQuery : req.validatedBody
        const problem = unstorable(accepted)
        if (problem) {
          throw new Error(`accepted ${problem}`)
        }
      }),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 20_261_201) }
    )
  })
})
