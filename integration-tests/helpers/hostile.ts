import http from "http"
import type AiCreditsModuleService from "../../src/modules/ai-credits/service"
import { METADATA_MAX_BYTES, METADATA_MAX_DEPTH } from "../../src/api/utils/input-schemas"

/**
 * Hostile input for the HTTP suites: values no client should send, by the kind of field they go
 * into. Every value here is INVALID for its kind, so a route must refuse it (a 4xx) whatever
 * else the body holds.
 */
export type FieldKind =
  | "int" // a whole number, negative allowed
  | "uint" // a whole number from 0
  | "text" // a bounded string
  | "ref" // the id of a record that must exist
  | "module" // a snake_case AI module id
  | "enum" // one of a few words
  | "bool"
  | "date"
  | "decimal" // an exact decimal as a string
  | "record" // a JSON object of metadata
  | "modules" // a short array
  | "usage" // { input_tokens, output_tokens, images, requests }
  | "input" // the gateway's { prompt } or { messages }
  | "items" // a bulk job's [{ prompt, reference? }]

/** A lone UTF-16 surrogate in text: JSON carries it (as `\ud800`), PostgreSQL cannot store it. */
export const LONE_SURROGATE_TEXTS = ["a\ud800b", "\udc00"]
/** Dates JavaScript holds but a timestamp column (or a range computed from them) cannot. */
export const OUT_OF_RANGE_DATES = ["-271821-04-20", "+275760-09-13T00:00:00.000Z", "0000-01-01", "+010000-01-01"]

/** A value sent as this JSON text: nesting too deep for JSON.stringify to write. */
export class RawJson {
  constructor(
    readonly json: string,
    readonly label: string
  ) {}
}
export const nestedObjectsJson = (depth: number) =>
  new RawJson(`${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`, `${depth.toLocaleString("en")} nested objects`)
export const nestedArraysIn = (key: string, depth: number) =>
  new RawJson(`{${JSON.stringify(key)}:${"[".repeat(depth)}${"]".repeat(depth)}}`, `${depth.toLocaleString("en")} nested arrays`)

/** An object `depth` levels deep (the outer object is level 1). */
export function nestedObject(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {}
  for (let level = 1; level < depth; level++) {
    value = { a: value }
  }
  return value
}

const HUGE_TEXT = "x".repeat(100_000)
export const INJECTION_TEXTS = ["'; DROP TABLE ai_credit_wallet; --", "\" OR 1=1 --", "<img src=x onerror=alert(1)>", "${7*7}{{7*7}}"]
const UNICODE_TEXT = "Ünïcödé 🤖 \u202e语言"
const NUMBERS = [1e308, -1e308, 2 ** 63, 1.5, "12", "NaN", true, {}, []]

export const HOSTILE_VALUES: Record<FieldKind, unknown[]> = {
  int: NUMBERS,
  uint: [...NUMBERS, -1],
  text: [HUGE_TEXT, 42, {}, [], true, "nul \u0000 byte", ...LONE_SURROGATE_TEXTS, nestedArraysIn("a", 10_000)],
  ref: [HUGE_TEXT, 42, {}, [], "nul \u0000 byte", ...INJECTION_TEXTS, UNICODE_TEXT, ...LONE_SURROGATE_TEXTS],
  module: [HUGE_TEXT, 42, {}, "Chat Bot", UNICODE_TEXT, ...INJECTION_TEXTS, ...LONE_SURROGATE_TEXTS],
  enum: [HUGE_TEXT, 42, {}, UNICODE_TEXT, ...INJECTION_TEXTS, ...LONE_SURROGATE_TEXTS],
  bool: ["true", 1, "yes", {}],
  date: ["not a date", "2026-13-45T99:99:99Z", 1e308, {}, true, ...OUT_OF_RANGE_DATES],
  decimal: ["-1", "1e308", "NaN", "Infinity", 1e308, -1, "0x10", "1; DROP TABLE x", "1".repeat(100_000), {}],
  record: [
    "text",
    [],
    42,
    true,
    { note: LONE_SURROGATE_TEXTS[0] },
    { [LONE_SURROGATE_TEXTS[0]]: "key" },
    { deeper: [{ note: LONE_SURROGATE_TEXTS[1] }] },
    nestedObject(METADATA_MAX_DEPTH + 1),
    { note: "x".repeat(METADATA_MAX_BYTES) },
    nestedObjectsJson(6_000),
    nestedObjectsJson(30_000),
    nestedArraysIn("a", 10_000),
    nestedArraysIn("a", 30_000),
  ],
  modules: ["chatbot", [{}], [null], Array.from({ length: 1_000 }, () => "a")],
  usage: [
    { input_tokens: -1 },
    { input_tokens: 1e308 },
    { input_tokens: 2 ** 63 },
    { input_tokens: "5" },
    { input_tokens: 1.5 },
    { tokens: 5 },
    [],
    "5",
  ],
  input: [
    { prompt: "" },
    { prompt: 42 },
    { messages: [] },
    { messages: [{ role: "hacker", content: "x" }] },
    { prompt: "x", messages: [{ role: "user", content: "x" }] },
    "prompt",
    [],
  ],
  items: [
    [],
    "x",
    [{}],
    [null],
    [{ prompt: "" }],
    [{ prompt: 42 }],
    [{ prompt: "x".repeat(20_001) }],
    [{ prompt: "x", reference: {} }],
    [{ prompt: "x", surprise: true }],
    Array.from({ length: 10_001 }, () => ({ prompt: "x" })),
  ],
}

/** Query-string values (always text) that are invalid for their kind. */
export const HOSTILE_QUERY_VALUES: Partial<Record<FieldKind, string[]>> = {
  uint: ["-1", "1e308", "abc", "9223372036854775808", "1.5"],
  int: ["1e308", "abc", "1.5"],
  enum: [...INJECTION_TEXTS, UNICODE_TEXT],
  module: [...INJECTION_TEXTS, UNICODE_TEXT],
  date: ["not a date", "99999-99-99", ...OUT_OF_RANGE_DATES],
}

/** Ids for a path segment, already URL-encoded: none names a record. */
export const HOSTILE_IDS = [
  encodeURIComponent("' OR '1'='1"),
  "%00",
  encodeURIComponent("../../admin"),
  encodeURIComponent(UNICODE_TEXT),
  "x".repeat(4_000),
  "%E0%A4%A",
  "-1",
]

export type HostileBody = { label: string; body: string | Record<string, unknown> }

/** Appends raw JSON members to a body (keys a JS object literal cannot hold as own properties). */
function withRawMember(base: Record<string, unknown>, member: string) {
  const json = JSON.stringify(base)
  return json === "{}" ? `{${member}}` : `${json.slice(0, -1)},${member}}`
}

/** `base` with `field` set to `value` (a RawJson value is written as its JSON text). */
export function bodyWith(base: Record<string, unknown>, field: string, value: unknown): string | Record<string, unknown> {
  if (value instanceof RawJson) {
    const { [field]: _replaced, ...rest } = base
    return withRawMember(rest, `${JSON.stringify(field)}:${value.json}`)
  }
  return { ...base, [field]: value }
}

/**
 * Bodies for a route whose smallest valid body is `base`: broken as a whole (not JSON, not an
 * object, prototype pollution, unknown keys, too large), then one field at a time.
 */
export function hostileBodies(base: Record<string, unknown>, fields: Record<string, FieldKind>): HostileBody[] {
  const bodies: HostileBody[] = [
    { label: "malformed JSON", body: '{"module": ' },
    { label: "single quotes", body: "{'module': 'chatbot'}" },
    { label: "a JSON array", body: "[]" },
    { label: "a JSON string", body: '"chatbot"' },
    { label: "JSON null", body: "null" },
    { label: "__proto__", body: withRawMember(base, '"__proto__":{"polluted":true,"is_admin":true}') },
    { label: "constructor.prototype", body: withRawMember(base, '"constructor":{"prototype":{"polluted":true}}') },
    { label: "an unknown key", body: { ...base, surprise: "'; DROP TABLE x; --" } },
    { label: "1 MB body", body: { ...base, padding: "x".repeat(1_000_000) } },
    { label: "nested 5,000 deep", body: withRawMember(base, `"nested":${"[".repeat(5_000)}${"]".repeat(5_000)}`) },
  ]
  for (const [field, kind] of Object.entries(fields)) {
    for (const value of HOSTILE_VALUES[kind]) {
      if (value instanceof RawJson) {
        bodies.push({ label: `${field}=${value.label}`, body: bodyWith(base, field, value) })
        continue
      }
      const shown = typeof value === "string" && value.length > 40 ? `${value.slice(0, 20)}...(${value.length})` : JSON.stringify(value)
      bodies.push({ label: `${field}=${shown?.slice(0, 60)}`, body: { ...base, [field]: value } })
    }
  }
  return bodies
}

export type RawResponse = { status: number; data: any; headers: http.IncomingHttpHeaders }

/** One HTTP request with the body sent as given (a string is sent verbatim, as malformed JSON must be). */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  body: string | Record<string, unknown> | undefined,
  headers: Record<string, string>
): Promise<RawResponse> {
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method,
        headers: {
          ...(payload !== undefined ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (chunk: string) => (text += chunk))
        res.on("end", () => {
          let data: unknown = text
          try {
            data = JSON.parse(text)
          } catch {
            // Not JSON: the caller sees the text.
          }
          resolve({ status: res.statusCode ?? 0, data, headers: res.headers })
        })
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    req.end(payload)
  })
}

/** What hostile input must never change: every wallet's counters, the ledger, the holds. */
export async function ledgerSnapshot(credits: AiCreditsModuleService) {
  const wallets = await credits.listAiCreditWallets({}, { select: ["id", "balance", "reserved"], order: { id: "ASC" } })
  const [, entries] = await credits.listAndCountAiCreditLedgerEntries({}, { take: 1 })
  const holds = await credits.listAiCreditReservations({}, { select: ["id", "status", "amount"], order: { id: "ASC" } })
  return {
    wallets: wallets.map((w) => ({ id: w.id, balance: w.balance, reserved: w.reserved })),
    entries,
    holds: holds.map((h) => ({ id: h.id, status: h.status, amount: h.amount })),
  }
}
