/**
 * SQL of the analytics module: the roll-up of usage events into rollups, and the queries that
 * combine the rollups with the events not rolled up yet.
 *
 * What it reads of the ledger: only the usage feed the `ai_credits` module publishes in the same
 * PostgreSQL database (`aic_usage_feed`: one row per metered request, with its refund;
 * `aic_usage_refund_feed`: one row per refund, when it was made; documented in that module's
 * `sql/views.ts`), never its tables or its code. The feed is the ledger's stream of usage events,
 * read in place: going through the ai_credits service would mean copying millions of rows through
 * Node to sum them; one INSERT ... SELECT does it in the database. What is relied on:
 *
 * - Ids are `<prefix>_<ULID>` generated at insert time (time-ordered, Crockford base32), so a
 *   time range of the feed is a range of the primary key. `created_at` is `now()`, the start
 *   of the inserting transaction, so an event's id time is never earlier than its `created_at`
 *   (allowance: ID_CLOCK_SKEW for ids made by another clock).
 * - An event is inserted within MAX_TRANSACTION of its transaction's start (the ledger writes
 *   each one in a single-statement transaction).
 *
 * The module tests run these statements against the ai_credits module's real migrations.
 */
import { MedusaError } from "@medusajs/framework/utils"
import { METRICS, NUMERIC_METRICS, type Metric } from "./rollup-metrics"

/** The ledger's usage feed: one row per metered request, with its refund as it stands. */
export const USAGE_FEED = "aic_usage_feed"
/** The refunds of usage events, each with its event's columns: refund_id, refund_created_at. */
export const USAGE_REFUND_FEED = "aic_usage_refund_feed"
const USAGE_EVENT_ID_PREFIX = "aiuse"
const LEDGER_ENTRY_ID_PREFIX = "aile"

/** to_char format of a UTC instant with microseconds (the precision of created_at and the watermark). */
export const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`

/** The roll-up's one state row (created by the migration). */
export const ROLLUP_STATE_ID = "usage_events"

/** How far before its `created_at` an event's id time may be (ids made by another clock). */
const ID_CLOCK_SKEW = "interval '5 minutes'"
/**
 * The longest a usage event's transaction may run before inserting it. Older open transactions
 * do not hold the roll-up back, and a time range of events is read up to this far past its end.
 */
const MAX_TRANSACTION = "interval '15 minutes'"

/**
 * `aica_ulid_floor(prefix, at)`: the smallest id `<prefix>_<ULID>` a row made at `at` can have,
 * so that `id >= aica_ulid_floor('aiuse', t)` is an index range on the primary key. Installed by
 * the migration.
 */
export const ULID_FLOOR_FUNCTION_SQL = `
CREATE OR REPLACE FUNCTION aica_ulid_floor(prefix text, at timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT prefix || '_' || string_agg(
    substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ',
      ((greatest(0, least(281474976710655, floor(extract(epoch FROM at) * 1000)))::bigint >> (5 * i)) & 31)::int + 1, 1),
    '' ORDER BY i DESC)
  FROM generate_series(0, 9) AS i
$$;`

// ---------------------------------------------------------------------------------------------
// Roll-up
// ---------------------------------------------------------------------------------------------

/**
 * Where the next batch ends. The horizon is the start of the oldest transaction still open in
 * this database (other than ours; ignoring any open longer than MAX_TRANSACTION), less a safety
 * margin: every event created before it is committed, since its transaction started before it and
 * is no longer open. Never moves back. A batch covers at most `window` after where the last one
 * stopped (or after the first event, on the very first run).
 *
 * Params: prev (the watermark as text, or null), safety_margin_ms, window_hours.
 */
export const ROLLUP_BOUNDS_SQL = `
WITH prev AS (
  SELECT coalesce({{prev}}::timestamptz, '-infinity'::timestamptz) AS at, {{prev}}::timestamptz IS NULL AS first_run
),
horizon AS (
  SELECT greatest(prev.at, least(clock_timestamp(), (
      SELECT min(a.xact_start) FROM pg_stat_activity a
      WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
        AND a.xact_start > clock_timestamp() - ${MAX_TRANSACTION}
    )) - make_interval(secs => {{safety_margin_ms}}::double precision / 1000)) AS at
  FROM prev
),
bounds AS (
  SELECT prev.at AS prev_at, horizon.at AS horizon,
    least(horizon.at, coalesce(
      nullif(prev.at, '-infinity'::timestamptz),
      (SELECT date_trunc('hour', e.created_at, 'UTC') FROM ${USAGE_FEED} e
        WHERE (SELECT first_run FROM prev) ORDER BY e.id LIMIT 1)
    ) + make_interval(hours => {{window_hours}}::int)) AS batch_end
  FROM prev, horizon
)
SELECT prev_at::text AS prev_at, batch_end::text AS batch_end, horizon::text AS horizon,
  batch_end > prev_at AS has_work,
  aica_ulid_floor('${USAGE_EVENT_ID_PREFIX}', prev_at - ${ID_CLOCK_SKEW}) AS event_id_from,
  aica_ulid_floor('${USAGE_EVENT_ID_PREFIX}', batch_end + ${MAX_TRANSACTION}) AS event_id_to,
  aica_ulid_floor('${LEDGER_ENTRY_ID_PREFIX}', prev_at - ${ID_CLOCK_SKEW}) AS entry_id_from,
  aica_ulid_floor('${LEDGER_ENTRY_ID_PREFIX}', batch_end + ${MAX_TRANSACTION}) AS entry_id_to
FROM bounds`

const EVENT_DIMENSIONS = `e.module, coalesce(e.provider, '') AS provider, coalesce(e.model, '') AS model,
    coalesce(e.sales_channel_id, '') AS sales_channel_id, e.customer_id, e.currency_code`

/** `x = r.x + excluded.x` for each metric, and the `raw_` twins Medusa's bigNumber reads. */
function addToExisting(alias: string, metrics: readonly Metric[]) {
  return metrics
    .flatMap((metric) => {
      const sum = `${alias}.${metric} + excluded.${metric}`
      return (NUMERIC_METRICS as readonly string[]).includes(metric)
        ? [`${metric} = ${sum}`, `raw_${metric} = ${rawBigNumber(sum)}`]
        : [`${metric} = ${sum}`]
    })
    .join(",\n      ")
}

function rawBigNumber(expression: string) {
  return `jsonb_build_object('value', (${expression})::text, 'precision', 20)`
}

const METRIC_COLUMNS = [...METRICS, ...NUMERIC_METRICS.map((m) => `raw_${m}`)].join(", ")
const METRIC_SUMS = [
  ...METRICS.map((m) => `sum(ev.${m})`),
  ...NUMERIC_METRICS.map((m) => rawBigNumber(`sum(ev.${m})`)),
].join(", ")

/**
 * One batch of the roll-up, in one statement (inside the transaction that holds the state row):
 *
 * - `ev`: the usage events created in [prev, batch_end), with their refund when it was made
 *   before batch_end; and the refunds made in [prev, batch_end) of events created before prev
 *   (already rolled up without them). Each refund is counted exactly once: with its event when
 *   both fall in one batch, else by the batch in which it was made.
 * - upserts into the hour/day rollup, the day/month customer rollup and the cart rollup, adding
 *   to existing rows (`x = x + excluded.x`);
 * - moves the watermark to batch_end.
 *
 * Params: the bounds of ROLLUP_BOUNDS_SQL (prev_at, batch_end, event_id_from/to, entry_id_from/to).
 */
export const ROLLUP_BATCH_SQL = `
WITH ev AS MATERIALIZED (
  SELECT e.created_at, ${EVENT_DIMENSIONS}, e.cart_id,
    1 AS requests,
    CASE WHEN e.refunded_at < {{batch_end}}::timestamptz THEN 1 ELSE 0 END AS refunded_requests,
    e.images,
    e.input_tokens::numeric AS input_tokens,
    e.output_tokens::numeric AS output_tokens,
    e.credits::numeric AS credits,
    (CASE WHEN e.refunded_at < {{batch_end}}::timestamptz THEN e.refunded_credits ELSE 0 END)::numeric AS refunded_credits,
    e.provider_cost
  FROM ${USAGE_FEED} e
  WHERE e.id >= {{event_id_from}} AND e.id < {{event_id_to}}
    AND e.created_at >= {{prev_at}}::timestamptz AND e.created_at < {{batch_end}}::timestamptz
  UNION ALL
  SELECT e.created_at, ${EVENT_DIMENSIONS}, e.cart_id,
    0, 1, 0, 0, 0, 0, e.refunded_credits::numeric, 0
  FROM ${USAGE_REFUND_FEED} e
  WHERE e.refund_id >= {{entry_id_from}} AND e.refund_id < {{entry_id_to}}
    AND e.refund_created_at >= {{prev_at}}::timestamptz AND e.refund_created_at < {{batch_end}}::timestamptz
    AND e.created_at < {{prev_at}}::timestamptz
),
usage_rollup AS (
  INSERT INTO ai_credit_usage_rollup AS r
    (id, grain, bucket_start, module, provider, model, sales_channel_id, currency_code, ${METRIC_COLUMNS})
  SELECT 'aiur_' || replace(gen_random_uuid()::text, '-', ''), g.grain, date_trunc(g.grain, ev.created_at, 'UTC'),
    ev.module, ev.provider, ev.model, ev.sales_channel_id, ev.currency_code, ${METRIC_SUMS}
  FROM ev CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain)
  GROUP BY g.grain, date_trunc(g.grain, ev.created_at, 'UTC'), ev.module, ev.provider, ev.model, ev.sales_channel_id, ev.currency_code
  ON CONFLICT (grain, bucket_start, module, provider, model, sales_channel_id, currency_code) WHERE deleted_at IS NULL
  DO UPDATE SET ${addToExisting("r", METRICS)}, updated_at = now()
  RETURNING 1
),
customer_rollup AS (
  INSERT INTO ai_credit_customer_usage_rollup AS r
    (id, grain, bucket_start, customer_id, sales_channel_id, currency_code, ${METRIC_COLUMNS})
  SELECT 'aicur_' || replace(gen_random_uuid()::text, '-', ''), g.grain, date_trunc(g.grain, ev.created_at, 'UTC'),
    ev.customer_id, ev.sales_channel_id, ev.currency_code, ${METRIC_SUMS}
  FROM ev CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
  WHERE ev.customer_id IS NOT NULL
  GROUP BY g.grain, date_trunc(g.grain, ev.created_at, 'UTC'), ev.customer_id, ev.sales_channel_id, ev.currency_code
  ON CONFLICT (grain, bucket_start, customer_id, sales_channel_id, currency_code) WHERE deleted_at IS NULL
  DO UPDATE SET ${addToExisting("r", METRICS)}, updated_at = now()
  RETURNING 1
),
cart_rollup AS (
  INSERT INTO ai_credit_cart_usage AS c
    (id, cart_id, customer_id, first_used_at, last_used_at, requests, credits, raw_credits, refunded_credits, raw_refunded_credits)
  SELECT 'aicu_' || replace(gen_random_uuid()::text, '-', ''), ev.cart_id, max(ev.customer_id), min(ev.created_at), max(ev.created_at),
    sum(ev.requests), sum(ev.credits), ${rawBigNumber("sum(ev.credits)")},
    sum(ev.refunded_credits), ${rawBigNumber("sum(ev.refunded_credits)")}
  FROM ev WHERE ev.cart_id IS NOT NULL
  GROUP BY ev.cart_id
  ON CONFLICT (cart_id) WHERE deleted_at IS NULL
  DO UPDATE SET customer_id = coalesce(c.customer_id, excluded.customer_id),
    first_used_at = least(c.first_used_at, excluded.first_used_at),
    last_used_at = greatest(c.last_used_at, excluded.last_used_at),
    ${addToExisting("c", ["requests", "credits", "refunded_credits"])}, updated_at = now()
  RETURNING 1
),
counts AS (
  SELECT count(*) FILTER (WHERE requests = 1) AS events, count(*) FILTER (WHERE requests = 0) AS refunds FROM ev
),
moved AS (
  UPDATE ai_credit_rollup_state SET rolled_up_to = {{batch_end}}::timestamptz, last_run_at = now(),
    last_run_events = (SELECT events FROM counts), last_run_refunds = (SELECT refunds FROM counts), updated_at = now()
  WHERE id = '${ROLLUP_STATE_ID}'
  RETURNING rolled_up_to
)
SELECT (SELECT events FROM counts)::int AS events, (SELECT refunds FROM counts)::int AS refunds,
  (SELECT count(*) FROM usage_rollup)::int AS usage_rows, (SELECT count(*) FROM customer_rollup)::int AS customer_rows,
  (SELECT count(*) FROM cart_rollup)::int AS cart_rows,
  (SELECT to_char(rolled_up_to AT TIME ZONE 'UTC', ${ISO_MICROS}) FROM moved) AS rolled_up_to_iso`

// ---------------------------------------------------------------------------------------------
// Queries: rollups + the tail of events not rolled up yet
// ---------------------------------------------------------------------------------------------

export type Grain = "month" | "day" | "hour"
export type Granularity = Grain
/** A piece of a time range, answered by rollup rows of one grain or by the usage events. */
export type RangePart = { grain: Grain | "raw"; from: Date; to: Date }

/** What a usage query may group by. `model` groups by provider and model. */
export const DIMENSIONS = ["module", "provider", "model", "sales_channel", "customer"] as const
export type Dimension = (typeof DIMENSIONS)[number]

export type UsageFilters = {
  module?: string
  provider?: string
  model?: string
  sales_channel_id?: string
  customer_id?: string
}

/**
 * Which table answers: the module/model rollup when no customer is involved, the customer
 * rollup when only customers and sales channels are, else the usage events themselves.
 */
export type SourceKind = "usage" | "customers" | "events"

export function sourceFor(dimensions: readonly Dimension[], filters: UsageFilters): SourceKind {
  const needs = new Set<string>(dimensions)
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined) {
      needs.add(key === "sales_channel_id" ? "sales_channel" : key === "customer_id" ? "customer" : key)
    }
  }
  if (!needs.has("customer")) {
    return "usage"
  }
  return [...needs].every((d) => d === "customer" || d === "sales_channel") ? "customers" : "events"
}

const GRAIN_ORDER: Grain[] = ["month", "day", "hour"]

/**
 * The rollup grains a query may use, coarsest first: a rollup row must fall in one output bucket,
 * and day and month rows are UTC days and months, so a series in another time zone uses hours.
 */
export function grainsFor(source: SourceKind, granularity: Granularity | undefined, utc: boolean): Grain[] {
  const available: Grain[] = source === "usage" ? ["day", "hour"] : source === "customers" ? ["month", "day"] : []
  return available.filter((grain) => {
    if (grain === "hour") {
      return true
    }
    if (!granularity) {
      return true
    }
    return utc && GRAIN_ORDER.indexOf(grain) >= GRAIN_ORDER.indexOf(granularity)
  })
}

/** Start of the UTC hour, day or month at or before `at`. */
export function floorTo(grain: Grain, at: Date): Date {
  const d = new Date(at.getTime())
  d.setUTCMinutes(0, 0, 0)
  if (grain === "day" || grain === "month") {
    d.setUTCHours(0)
  }
  if (grain === "month") {
    d.setUTCDate(1)
  }
  return d
}

/** Start of the UTC hour, day or month at or after `at`. */
export function ceilTo(grain: Grain, at: Date): Date {
  const floor = floorTo(grain, at)
  if (floor.getTime() === at.getTime()) {
    return floor
  }
  const next = new Date(floor.getTime())
  if (grain === "hour") {
    next.setUTCHours(next.getUTCHours() + 1)
  } else if (grain === "day") {
    next.setUTCDate(next.getUTCDate() + 1)
  } else {
    next.setUTCMonth(next.getUTCMonth() + 1)
  }
  return next
}

/**
 * Splits [from, to) (whole hours) into the fewest rollup rows: the whole months inside it from
 * month rows, the whole days left from day rows, and the rest from hour rows, or from the events
 * when the source has no hour rows.
 */
export function decompose(from: Date, to: Date, grains: Grain[]): RangePart[] {
  if (from >= to) {
    return []
  }
  const [grain, ...finer] = grains
  if (!grain) {
    return [{ grain: "raw", from, to }]
  }
  if (grain === "hour") {
    return [{ grain, from, to }]
  }
  const start = ceilTo(grain, from)
  const end = floorTo(grain, to)
  if (start >= end) {
    return decompose(from, to, finer)
  }
  return [...decompose(from, start, finer), { grain, from: start, to: end }, ...decompose(end, to, finer)]
}

/**
 * Parameters of a statement being built: `add` returns a `{{name}}` token (used as often as
 * needed), `bind` turns the tokens into positional `?` with their values in order.
 */
export class SqlParams {
  private readonly named = new Map<string, unknown>()
  private count = 0

  add(value: unknown, cast?: string) {
    const name = `p${this.count++}`
    this.named.set(name, normalize(value))
    return `{{${name}}}${cast ? `::${cast}` : ""}`
  }

  set(values: Record<string, unknown>) {
    for (const [name, value] of Object.entries(values)) {
      this.named.set(name, normalize(value))
    }
    return this
  }

  bind(sql: string): { sql: string; values: unknown[] } {
    const values: unknown[] = []
    const text = sql.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!this.named.has(name)) {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `SQL parameter ${name} has no value`)
      }
      values.push(this.named.get(name))
      return "?"
    })
    return { sql: text, values }
  }
}

function normalize(value: unknown) {
  return value instanceof Date ? value.toISOString() : value === undefined ? null : value
}

const SOURCE_COLUMNS = `bucket_start, module, provider, model, sales_channel_id, customer_id, currency_code, ${METRICS.join(", ")}`

/** An event as a source row (bucketed by its UTC hour), with its refund as it stands now. */
const EVENT_AS_ROW = `date_trunc('hour', e.created_at, 'UTC'), ${EVENT_DIMENSIONS},
    1, (e.status = 'refunded')::int, e.images, e.input_tokens::numeric, e.output_tokens::numeric,
    e.credits::numeric, e.refunded_credits::numeric, e.provider_cost`

/** Only the refund of an event as a source row. */
const REFUND_AS_ROW = `date_trunc('hour', e.created_at, 'UTC'), ${EVENT_DIMENSIONS},
    0, 1, 0, 0::numeric, 0::numeric, 0::numeric, e.refunded_credits::numeric, 0::numeric`

function eventFilters(filters: UsageFilters, params: SqlParams, source: SourceKind) {
  const clauses: string[] = []
  if (filters.module !== undefined) {
    clauses.push(`e.module = ${params.add(filters.module)}`)
  }
  if (filters.provider !== undefined) {
    clauses.push(`e.provider = ${params.add(filters.provider)}`)
  }
  if (filters.model !== undefined) {
    clauses.push(`e.model = ${params.add(filters.model)}`)
  }
  if (filters.sales_channel_id !== undefined) {
    clauses.push(`e.sales_channel_id = ${params.add(filters.sales_channel_id)}`)
  }
  if (filters.customer_id !== undefined) {
    clauses.push(`e.customer_id = ${params.add(filters.customer_id)}`)
  } else if (source === "customers") {
    // The customer rollup has signed-in customers only; the events that complete it too.
    clauses.push(`e.customer_id IS NOT NULL`)
  }
  return clauses.map((c) => ` AND ${c}`).join("")
}

function rollupFilters(filters: UsageFilters, params: SqlParams) {
  const clauses: string[] = []
  for (const key of ["module", "provider", "model", "sales_channel_id", "customer_id"] as const) {
    if (filters[key] !== undefined) {
      clauses.push(`r.${key} = ${params.add(filters[key])}`)
    }
  }
  return clauses.map((c) => ` AND ${c}`).join("")
}

/** Events created in [from, to), by their primary key range. */
function eventsInRange(from: string, to: string) {
  return `e.id >= aica_ulid_floor('${USAGE_EVENT_ID_PREFIX}', ${from} - ${ID_CLOCK_SKEW})
    AND e.id < aica_ulid_floor('${USAGE_EVENT_ID_PREFIX}', ${to} + ${MAX_TRANSACTION})
    AND e.created_at >= ${from} AND e.created_at < ${to}`
}

export type SourceOptions = {
  /** Only what ranking needs: `customer_id, credits, requests` (covering-index reads). */
  narrow?: boolean
  /** A subquery of customer ids the rows must belong to. */
  customerIn?: string
}

/**
 * The rows of one source over [from, to) as a SELECT with SOURCE_COLUMNS: rollup rows for the
 * parts the rollup covers, plus what the rollup does not have yet (events created since the
 * watermark, and refunds made since it of older events), plus the usage events for the parts no
 * rollup covers.
 *
 * `watermark` must have been read in the same snapshot (see READ_WATERMARK_SQL). It is a
 * parameter, not a subquery, so that the planner sees how small the tail is: a guessed size
 * makes it plan parallel workers and JIT compilation that cost more than the whole answer.
 * With `narrow`, the rows are NARROW_COLUMNS instead.
 */
export function sourceSql(
  source: SourceKind,
  parts: RangePart[],
  filters: UsageFilters,
  watermark: string | null,
  params: SqlParams,
  options: SourceOptions = {}
): string {
  const selects: string[] = []
  const table = source === "usage" ? "ai_credit_usage_rollup" : "ai_credit_customer_usage_rollup"
  const rollupColumns = options.narrow
    ? `r.customer_id, r.credits, r.requests`
    : source === "usage"
      ? `r.bucket_start, r.module, r.provider, r.model, r.sales_channel_id, NULL::text, r.currency_code, ${METRICS.map((m) => `r.${m}`).join(", ")}`
      : `r.bucket_start, NULL::text, NULL::text, NULL::text, r.sales_channel_id, r.customer_id, r.currency_code, ${METRICS.map((m) => `r.${m}`).join(", ")}`
  const eventColumns = options.narrow ? `e.customer_id, e.credits::numeric, 1` : EVENT_AS_ROW
  const rollupIn = options.customerIn ? ` AND r.customer_id IN ${options.customerIn}` : ""
  const eventIn = options.customerIn ? ` AND e.customer_id IN ${options.customerIn}` : ""
  const rolled = parts.filter((p) => p.grain !== "raw")
  for (const part of rolled) {
    selects.push(`SELECT ${rollupColumns}
  FROM ${table} r
  WHERE r.deleted_at IS NULL AND r.grain = ${params.add(part.grain)}
    AND r.bucket_start >= ${params.add(part.from, "timestamptz")} AND r.bucket_start < ${params.add(part.to, "timestamptz")}${rollupFilters(filters, params)}${rollupIn}`)
  }
  if (rolled.length) {
    // The rolled parts are contiguous: [coveredFrom, coveredTo).
    const coveredFrom = rolled[0].from
    const coveredTo = rolled[rolled.length - 1].to
    const h = params.add(watermark ?? "-infinity", "timestamptz")
    const from = params.add(coveredFrom, "timestamptz")
    const to = params.add(coveredTo, "timestamptz")
    selects.push(`SELECT ${eventColumns}
  FROM ${USAGE_FEED} e
  WHERE ${eventsInRange(`greatest(${h}, ${from})`, to)}${eventFilters(filters, params, source)}${eventIn}`)
    // Refunds change no ranking (it is by credits charged).
    if (watermark && !options.narrow) {
      selects.push(`SELECT ${REFUND_AS_ROW}
  FROM ${USAGE_REFUND_FEED} e
  WHERE e.refund_id >= aica_ulid_floor('${LEDGER_ENTRY_ID_PREFIX}', ${h} - ${ID_CLOCK_SKEW})
    AND e.refund_created_at >= ${h}
    AND e.created_at >= ${from} AND e.created_at < least(${h}, ${to})${eventFilters(filters, params, source)}${eventIn}`)
    }
  }
  for (const part of parts.filter((p) => p.grain === "raw")) {
    selects.push(`SELECT ${eventColumns}
  FROM ${USAGE_FEED} e
  WHERE ${eventsInRange(params.add(part.from, "timestamptz"), params.add(part.to, "timestamptz"))}${eventFilters(filters, params, source)}${eventIn}`)
  }
  const columns = options.narrow ? NARROW_COLUMNS : SOURCE_COLUMNS
  if (!selects.length) {
    return `SELECT ${columns} FROM (SELECT NULL::timestamptz AS bucket_start, NULL::text AS module, NULL::text AS provider,
      NULL::text AS model, NULL::text AS sales_channel_id, NULL::text AS customer_id, NULL::text AS currency_code,
      ${METRICS.map((m) => `0::numeric AS ${m}`).join(", ")}) empty WHERE false`
  }
  return selects.map((s, i) => (i === 0 ? `SELECT * FROM (${s}) AS first_part(${columns})` : s)).join("\n  UNION ALL\n  ")
}

const NARROW_COLUMNS = "customer_id, credits, requests"

/**
 * The watermark: every event created (and refund made) before it is in the rollups. Read it and
 * then the query in one REPEATABLE READ transaction, so both see the same roll-up.
 */
export const READ_WATERMARK_SQL = `SELECT rolled_up_to::text AS rolled_up_to,
  to_char(rolled_up_to AT TIME ZONE 'UTC', ${ISO_MICROS}) AS rolled_up_to_iso
  FROM ai_credit_rollup_state WHERE id = '${ROLLUP_STATE_ID}'`

/** The output columns of each dimension: a source column, shown as null where the rollups store "". */
type DimensionColumn = { column: string; as: string }
const DIMENSION_COLUMNS: Record<Dimension, DimensionColumn[]> = {
  module: [{ column: "module", as: "module" }],
  provider: [{ column: "provider", as: "provider" }],
  model: [
    { column: "provider", as: "provider" },
    { column: "model", as: "model" },
  ],
  sales_channel: [{ column: "sales_channel_id", as: "sales_channel_id" }],
  customer: [{ column: "customer_id", as: "customer_id" }],
}

function shown(c: DimensionColumn) {
  return `nullif(${c.column}, '')`
}

export type AggregateOptions = {
  dimensions: Dimension[]
  granularity?: Granularity
  timeZone: string
  /** With dimensions: only the `limit` groups with the most credits over the whole range. */
  limit?: number
  /** No dimensions and no granularity: one object instead of an array. */
  single?: boolean
}

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`

/**
 * Sums the rows of a source CTE by bucket and dimensions into a JSON array (or one object):
 * integers as JSON numbers, provider cost as exact decimal strings per currency.
 */
export function aggregateSql(sourceCte: string, options: AggregateOptions, params: SqlParams): string {
  const columns = uniqueBy(
    options.dimensions.flatMap((d) => DIMENSION_COLUMNS[d]),
    (c) => c.as
  )
  const bucket = options.granularity
    ? `date_trunc(${params.add(options.granularity)}, bucket_start, ${params.add(options.timeZone)})`
    : null
  const keys = [...(bucket ? ["bucket"] : []), ...columns.map((c) => c.as)]
  const groupKeys = columns.map((c) => c.as)

  /** Sums per bucket and group (per currency first, for the cost map) over `from`. */
  const grouped = (from: string) => {
    const innerSelect = [
      ...(bucket ? [`${bucket} AS bucket`] : []),
      ...columns.map((c) => `${shown(c)} AS ${c.as}`),
      "currency_code",
      ...METRICS.map((m) => `sum(${m}) AS ${m}`),
    ].join(", ")
    const outerMetrics = [
      ...METRICS.filter((m) => m !== "provider_cost").map((m) => `coalesce(sum(${m}), 0)::bigint AS ${m}`),
      `coalesce(sum(credits - refunded_credits), 0)::bigint AS net_credits`,
      `coalesce(json_object_agg(currency_code, trim_scale(provider_cost)::text ORDER BY currency_code)
        FILTER (WHERE currency_code IS NOT NULL), '{}'::json) AS provider_cost`,
    ]
    const outerKeys = [
      ...(bucket ? [`to_char(bucket AT TIME ZONE 'UTC', ${ISO_UTC}) AS bucket`] : []),
      ...groupKeys,
    ]
    return `SELECT ${[...outerKeys, ...outerMetrics].join(", ")}
      FROM (SELECT ${innerSelect} FROM ${from} GROUP BY ${[...keys, "currency_code"].join(", ")}) x
      ${keys.length ? `GROUP BY ${keys.join(", ")}` : ""}`
  }

  if (!keys.length) {
    const sql = grouped(sourceCte)
    return options.single ? `(SELECT row_to_json(t) FROM (${sql}) t)` : `(SELECT json_agg(t) FROM (${sql}) t)`
  }
  const byCredits = (alias: string) =>
    `${alias}credits DESC, ${alias}requests DESC${groupKeys.map((k) => `, ${alias}${k}`).join("")}`
  if (options.limit && groupKeys.length) {
    // Rank the groups on their credits alone, then build the full rows of the top ones only.
    // Joined on coalesce(column, ''): hashable, and visitors (no customer) are one group.
    const top = `SELECT ${columns.map((c, i) => `coalesce(${c.column}, '') AS k${i}`).join(", ")}
      FROM ${sourceCte} GROUP BY ${columns.map((_, i) => i + 1).join(", ")}
      ORDER BY sum(credits) DESC, sum(requests) DESC${columns.map((_, i) => `, ${i + 1}`).join("")}
      LIMIT ${params.add(options.limit, "int")}`
    const joined = `(SELECT s.* FROM ${sourceCte} s JOIN (${top}) top ON ${columns
      .map((c, i) => `coalesce(s.${c.column}, '') = top.k${i}`)
      .join(" AND ")}) limited`
    const order = bucket ? `t.bucket, ${byCredits("t.")}` : byCredits("t.")
    return `(SELECT coalesce(json_agg(t ORDER BY ${order}), '[]'::json) FROM (${grouped(joined)}) t)`
  }
  const order = bucket ? `t.bucket${groupKeys.length ? `, ${byCredits("t.")}` : ""}` : byCredits("t.")
  return `(SELECT coalesce(json_agg(t ORDER BY ${order}), '[]'::json) FROM (${grouped(sourceCte)}) t)`
}

/** The carts with a metered request at or after `since`: the cart rollup, and the events since the watermark. */
export function cartsUsingAiSql(since: Date, watermark: string | null, params: SqlParams) {
  const from = params.add(since, "timestamptz")
  const h = params.add(watermark ?? "-infinity", "timestamptz")
  return `SELECT c.cart_id FROM ai_credit_cart_usage c WHERE c.deleted_at IS NULL AND c.last_used_at >= ${from}
    UNION
    SELECT e.cart_id FROM ${USAGE_FEED} e
    WHERE ${eventsInRange(`greatest(${h}, ${from})`, "'infinity'::timestamptz")} AND e.cart_id IS NOT NULL`
}

/** Every bucket start of [from, to) at a granularity in a time zone, as UTC ISO strings. */
export function bucketsSql(from: Date, to: Date, granularity: Granularity, timeZone: string, params: SqlParams) {
  const tz = params.add(timeZone)
  return `(SELECT coalesce(json_agg(to_char(b AT TIME ZONE ${tz} AT TIME ZONE 'UTC', ${ISO_UTC}) ORDER BY b), '[]'::json)
    FROM generate_series(
      date_trunc(${params.add(granularity)}, ${params.add(from, "timestamptz")}, ${tz}) AT TIME ZONE ${tz},
      ${params.add(to, "timestamptz")} AT TIME ZONE ${tz} - interval '1 microsecond',
      ${params.add(`1 ${granularity}`, "interval")}) AS b)`
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>()
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)))
}
