import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { Context } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { CartUsage, CustomerUsageRollup, RoiSettings, RollupState, UsageRollup } from "./models"
import {
  aggregateSql,
  AggregateOptions,
  bucketsSql,
  cartsUsingAiSql,
  decompose,
  grainsFor,
  ISO_MICROS,
  ROLLUP_BATCH_SQL,
  ROLLUP_BOUNDS_SQL,
  ROLLUP_STATE_ID,
  SourceKind,
  sourceFor,
  sourceSql,
  READ_WATERMARK_SQL,
  SqlParams,
  USAGE_FEED,
} from "./sql"
import type {
  Dimension,
  Granularity,
  OrderAttribution,
  OrderForAttribution,
  OverviewInput,
  OverviewResult,
  RoiSettingsUpdate,
  RoiSettingsValues,
  RollupStatus,
  RollUpInput,
  RollUpResult,
  TimeRange,
  UsageFilters,
  UsageMetrics,
  UsageQueryInput,
  UsageQueryResult,
  UsageRow,
} from "./types"

/** ROI assumptions until the merchant saves their own. */
export const DEFAULT_ROI_SETTINGS: RoiSettingsValues = {
  minutes_saved_per_item: "10",
  hourly_rate: "30",
  currency_code: "usd",
  automation_modules: ["seo", "content"],
  attribution_window_days: 30,
}

/** The id of the one ROI settings row. */
const ROI_SETTINGS_ID = "airoi_settings"

/**
 * The `ai_credits_analytics` module: usage rollups kept by the roll-up job, and the queries the
 * analytics API answers from them.
 *
 * It reads the ai_credits module's usage events and ledger entries with raw SQL in the shared
 * database, never through that module's code: see the coupling note in `sql.ts`.
 */
class AiCreditsAnalyticsModuleService extends MedusaService({
  // Keys match the data models' names, as Query expects.
  AiCreditUsageRollup: UsageRollup,
  AiCreditCustomerUsageRollup: CustomerUsageRollup,
  AiCreditCartUsage: CartUsage,
  AiCreditRollupState: RollupState,
  AiCreditRoiSettings: RoiSettings,
}) {
  /**
   * Rolls usage events (and refunds) up into the rollups, batch after batch (one transaction
   * each, at most `max_window_hours` of events), until it reaches the horizon or its time budget.
   * Safe to run concurrently: a run that finds another holding the state row returns `skipped`.
   * Idempotent: each batch moves the watermark in the transaction that adds its sums.
   */
  @InjectManager()
  async rollUpUsage(input: RollUpInput = {}, @MedusaContext() sharedContext: Context = {}): Promise<RollUpResult> {
    const started = Date.now()
    const budget = input.time_budget_ms ?? 50_000
    const result: RollUpResult = { skipped: false, batches: 0, events: 0, refunds: 0, rolled_up_to: null, caught_up: false }
    for (;;) {
      const batch = await this.rollUpBatch_(input, sharedContext)
      if (batch.skipped) {
        return { ...result, skipped: result.batches === 0, caught_up: false }
      }
      result.batches++
      result.events += batch.events
      result.refunds += batch.refunds
      result.rolled_up_to = batch.rolled_up_to
      if (batch.caught_up) {
        return { ...result, caught_up: true }
      }
      if (Date.now() - started > budget) {
        return result
      }
    }
  }

  @InjectTransactionManager()
  protected async rollUpBatch_(
    input: RollUpInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ skipped: boolean; events: number; refunds: number; rolled_up_to: string | null; caught_up: boolean }> {
    const sql = manager(sharedContext, true)
    // A batch is one big INSERT ... SELECT: compiling it (JIT) costs more than it saves.
    await sql.execute("SET LOCAL jit = off", [])
    // The state row serializes roll-ups; a second run does not wait, it leaves the work to the first.
    await sql.execute(`INSERT INTO ai_credit_rollup_state (id) VALUES (?) ON CONFLICT (id) DO NOTHING`, [ROLLUP_STATE_ID])
    // The watermark travels as PostgreSQL text (microseconds kept), and as ISO for callers.
    const [state] = await sql.execute(
      `SELECT rolled_up_to::text AS rolled_up_to, to_char(rolled_up_to AT TIME ZONE 'UTC', ${ISO_MICROS}) AS rolled_up_to_iso
      FROM ai_credit_rollup_state WHERE id = ? FOR UPDATE SKIP LOCKED`,
      [ROLLUP_STATE_ID]
    )
    if (!state) {
      return { skipped: true, events: 0, refunds: 0, rolled_up_to: null, caught_up: false }
    }
    const boundsQuery = new SqlParams()
      .set({
        prev: state.rolled_up_to,
        safety_margin_ms: input.safety_margin_ms ?? 2_000,
        window_hours: Math.max(1, Math.floor(input.max_window_hours ?? 24)),
      })
      .bind(ROLLUP_BOUNDS_SQL)
    const [bounds] = await sql.execute(boundsQuery.sql, boundsQuery.values)
    if (!bounds.has_work) {
      return { skipped: false, events: 0, refunds: 0, rolled_up_to: state.rolled_up_to_iso, caught_up: true }
    }
    const batch = new SqlParams().set(bounds).bind(ROLLUP_BATCH_SQL)
    const [done] = await sql.execute(batch.sql, batch.values)
    return {
      skipped: false,
      events: Number(done.events),
      refunds: Number(done.refunds),
      rolled_up_to: done.rolled_up_to_iso,
      caught_up: bounds.batch_end === bounds.horizon,
    }
  }

  /** Where the roll-up stands, for the admin's jobs page. */
  @InjectManager()
  async getRollupStatus(@MedusaContext() sharedContext: Context = {}): Promise<RollupStatus> {
    const [row] = await manager(sharedContext).execute(
      `SELECT to_char(rolled_up_to AT TIME ZONE 'UTC', ${ISO_MICROS}) AS rolled_up_to,
        to_char(last_run_at AT TIME ZONE 'UTC', ${ISO_MICROS}) AS last_run_at,
        last_run_events, last_run_refunds, extract(epoch FROM now() - rolled_up_to)::float8 AS lag_seconds
      FROM ai_credit_rollup_state WHERE id = ?`,
      [ROLLUP_STATE_ID]
    )
    return {
      rolled_up_to: row?.rolled_up_to ?? null,
      last_run_at: row?.last_run_at ?? null,
      last_run_events: Number(row?.last_run_events ?? 0),
      last_run_refunds: Number(row?.last_run_refunds ?? 0),
      lag_seconds: row?.lag_seconds == null ? null : Math.round(Number(row.lag_seconds)),
    }
  }

  /**
   * Usage over a range of whole hours, optionally bucketed (hour, day, month, in a time zone) and
   * grouped. Rollups answer what they cover; the events since the watermark are added, so a
   * request shows up as soon as it is recorded.
   */
  @InjectManager()
  async queryUsage(input: UsageQueryInput, @MedusaContext() sharedContext: Context = {}): Promise<UsageQueryResult> {
    assertRange(input)
    const timeZone = input.time_zone ?? "UTC"
    return await this.inSnapshot_(async (sql, watermark) => {
      const params = new SqlParams()
      const source = this.sourceCte_(
        "src",
        input,
        input.group_by ?? [],
        input.filters ?? {},
        input.granularity,
        timeZone,
        watermark.rolled_up_to,
        params,
        input.limit
      )
      const rows = aggregateSql(
        "src",
        {
          dimensions: input.group_by ?? [],
          granularity: input.granularity,
          timeZone,
          limit: source.limited ? undefined : input.limit,
        },
        params
      )
      const buckets = input.granularity ? bucketsSql(input.from, input.to, input.granularity, timeZone, params) : `'[]'::json`
      const statement = params.bind(`WITH ${source.sql} SELECT ${rows} AS rows, ${buckets} AS buckets`)
      const [result] = await sql.execute(statement.sql, statement.values)
      return {
        rows: (result.rows ?? []).map(cleanRow),
        buckets: result.buckets ?? [],
        rolled_up_to: watermark.rolled_up_to_iso,
      }
    }, snapshot(sharedContext))
  }

  /**
   * The dashboard in one statement (one snapshot): totals, splits by module, provider and model,
   * the top customers and storefronts, and consumption over time by module.
   */
  @InjectManager()
  async getOverview(input: OverviewInput, @MedusaContext() sharedContext: Context = {}): Promise<OverviewResult> {
    assertRange(input)
    const timeZone = input.time_zone ?? "UTC"
    const granularity = input.granularity ?? "day"
    const limit = input.limit ?? 10
    const filters: UsageFilters = input.sales_channel_id ? { sales_channel_id: input.sales_channel_id } : {}
    return await this.inSnapshot_(async (sql, watermark) => {
      const params = new SqlParams()
      const source = (name: string, dimensions: Dimension[], granularity?: Granularity, top?: number) =>
        this.sourceCte_(name, input, dimensions, filters, granularity, timeZone, watermark.rolled_up_to, params, top)
      // Totals and rankings may use day rows even when the series is in another time zone.
      const customers = source("customer_src", ["customer"], undefined, limit)
      const sources = [source("totals_src", []).sql, source("series_src", ["module"], granularity).sql, customers.sql]
      const section = (cte: string, options: Omit<AggregateOptions, "timeZone">) =>
        aggregateSql(cte, { ...options, timeZone }, params)
      const statement = params.bind(`WITH ${sources.join(", ")}
        SELECT
          ${section("totals_src", { dimensions: [], single: true })} AS totals,
          ${section("totals_src", { dimensions: ["module"] })} AS by_module,
          ${section("totals_src", { dimensions: ["provider"] })} AS by_provider,
          ${section("totals_src", { dimensions: ["model"] })} AS by_model,
          ${section("totals_src", { dimensions: ["sales_channel"], limit })} AS top_sales_channels,
          ${section("customer_src", { dimensions: ["customer"], limit: customers.limited ? undefined : limit })} AS top_customers,
          ${section("series_src", { dimensions: ["module"], granularity })} AS series,
          ${bucketsSql(input.from, input.to, granularity, timeZone, params)} AS buckets`)
      const [result] = await sql.execute(statement.sql, statement.values)
      return {
        totals: cleanRow(result.totals) as UsageMetrics,
        by_module: result.by_module.map(cleanRow),
        by_provider: result.by_provider.map(cleanRow),
        by_model: result.by_model.map(cleanRow),
        top_customers: result.top_customers.map(cleanRow),
        top_sales_channels: result.top_sales_channels.map(cleanRow),
        series: result.series.map(cleanRow),
        buckets: result.buckets,
        rolled_up_to: watermark.rolled_up_to_iso,
      }
    }, snapshot(sharedContext))
  }

  /**
   * The carts that had a metered AI request at or after `since` (ROI: carts that used AI),
   * from the cart rollup and the events not rolled up yet.
   */
  @InjectManager()
  async listCartsUsingAi(since: Date, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await this.inSnapshot_(async (sql, watermark) => {
      const params = new SqlParams()
      const statement = params.bind(cartsUsingAiSql(since, watermark.rolled_up_to, params))
      const rows = await sql.execute(statement.sql, statement.values)
      return rows.map((r) => r.cart_id as string)
    }, snapshot(sharedContext))
  }

  /**
   * Which orders AI assisted, summed per currency in exact decimals: an order counts when its
   * cart had a metered AI request before the order was placed, or its customer had one in the
   * `windowDays` days before it.
   */
  @InjectManager()
  async attributeOrders(
    orders: OrderForAttribution[],
    windowDays: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<OrderAttribution[]> {
    if (!orders.length) {
      return []
    }
    const rows = await manager(sharedContext).execute(
      `WITH o AS (
        SELECT * FROM jsonb_to_recordset(?::jsonb)
          AS o(id text, cart_id text, customer_id text, created_at timestamptz, currency_code text, total numeric)
      ),
      flagged AS (
        SELECT o.*,
          o.cart_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM ${USAGE_FEED} e
            WHERE e.cart_id = o.cart_id AND e.created_at <= o.created_at) AS by_cart,
          o.customer_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM ${USAGE_FEED} e
            WHERE e.customer_id = o.customer_id
              AND e.created_at <= o.created_at AND e.created_at >= o.created_at - make_interval(days => ?::int)) AS by_customer
        FROM o
      )
      SELECT currency_code, count(*)::int AS orders, trim_scale(coalesce(sum(total), 0))::text AS revenue,
        (count(*) FILTER (WHERE by_cart OR by_customer))::int AS ai_assisted_orders,
        trim_scale(coalesce(sum(total) FILTER (WHERE by_cart OR by_customer), 0))::text AS ai_assisted_revenue,
        (count(*) FILTER (WHERE by_cart))::int AS by_cart,
        (count(*) FILTER (WHERE by_customer AND NOT by_cart))::int AS by_customer
      FROM flagged GROUP BY currency_code ORDER BY currency_code`,
      [JSON.stringify(orders), windowDays]
    )
    return rows.map((r) => ({
      currency_code: r.currency_code,
      orders: r.orders,
      revenue: r.revenue,
      ai_assisted_orders: r.ai_assisted_orders,
      ai_assisted_revenue: r.ai_assisted_revenue,
      by_cart: r.by_cart,
      by_customer: r.by_customer,
    }))
  }

  /** `items × minutes / 60` hours and `hours × rate` money, exact (money rounded to cents). */
  @InjectManager()
  async computeAutomationSavings(
    items: number,
    settings: Pick<RoiSettingsValues, "minutes_saved_per_item" | "hourly_rate">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ hours_saved: string; savings: string }> {
    const [row] = await manager(sharedContext).execute(
      `SELECT trim_scale(round(?::numeric * ?::numeric / 60, 2))::text AS hours_saved,
        round(?::numeric * ?::numeric * ?::numeric / 60, 2)::text AS savings`,
      [items, settings.minutes_saved_per_item, items, settings.minutes_saved_per_item, settings.hourly_rate]
    )
    return { hours_saved: row.hours_saved, savings: row.savings }
  }

  /** The merchant's ROI assumptions, or the defaults until they are saved. */
  @InjectManager()
  async getRoiSettings(@MedusaContext() sharedContext: Context = {}): Promise<RoiSettingsValues & { id: string | null }> {
    const [row] = await manager(sharedContext).execute(
      `SELECT id, trim_scale(minutes_saved_per_item)::text AS minutes_saved_per_item, trim_scale(hourly_rate)::text AS hourly_rate,
        currency_code, automation_modules, attribution_window_days
      FROM ai_credit_roi_settings WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1`,
      []
    )
    if (!row) {
      return { id: null, ...DEFAULT_ROI_SETTINGS }
    }
    return {
      id: row.id,
      minutes_saved_per_item: row.minutes_saved_per_item,
      hourly_rate: row.hourly_rate,
      currency_code: row.currency_code,
      automation_modules: Array.isArray(row.automation_modules)
        ? row.automation_modules
        : DEFAULT_ROI_SETTINGS.automation_modules,
      attribution_window_days: Number(row.attribution_window_days),
    }
  }

  /**
   * Saves the ROI assumptions (the one settings row, created on first save) and returns them.
   * Decimals go to PostgreSQL as text, never through a JavaScript float.
   */
  @InjectManager()
  async saveRoiSettings(update: RoiSettingsUpdate, @MedusaContext() sharedContext: Context = {}) {
    const current = await this.getRoiSettings(sharedContext)
    const next = { ...current, ...stripUndefined(update) }
    await manager(sharedContext).execute(
      `INSERT INTO ai_credit_roi_settings AS s (id, minutes_saved_per_item, raw_minutes_saved_per_item, hourly_rate,
        raw_hourly_rate, currency_code, automation_modules, attribution_window_days)
      SELECT v.id, v.minutes, jsonb_build_object('value', v.minutes::text, 'precision', 20),
        v.rate, jsonb_build_object('value', v.rate::text, 'precision', 20), v.currency_code, v.modules, v.days
      FROM (SELECT ?::text AS id, ?::numeric AS minutes, ?::numeric AS rate, ?::text AS currency_code,
        ?::jsonb AS modules, ?::int AS days) v
      ON CONFLICT (id) DO UPDATE SET minutes_saved_per_item = excluded.minutes_saved_per_item,
        raw_minutes_saved_per_item = excluded.raw_minutes_saved_per_item, hourly_rate = excluded.hourly_rate,
        raw_hourly_rate = excluded.raw_hourly_rate, currency_code = excluded.currency_code,
        automation_modules = excluded.automation_modules, attribution_window_days = excluded.attribution_window_days,
        updated_at = now()`,
      [
        current.id ?? ROI_SETTINGS_ID,
        String(next.minutes_saved_per_item),
        String(next.hourly_rate),
        next.currency_code.toLowerCase(),
        JSON.stringify(next.automation_modules),
        next.attribution_window_days,
      ]
    )
    return await this.getRoiSettings(sharedContext)
  }

  /**
   * The CTE `name AS MATERIALIZED (...)` of rows that answer these dimensions and filters over
   * the range: rows of the table that has them (grains the granularity and time zone allow),
   * plus the events the rollups do not cover.
   *
   * Customers ranked with a limit are found first on narrow rows (customer, credits, requests:
   * a covering index, the coarsest grains), then only their full rows are read, through the
   * customer index: a month of a busy store has tens of thousands of customer rows.
   * Returns whether the rows are already limited to the top groups.
   */
  protected sourceCte_(
    name: string,
    range: TimeRange,
    dimensions: Dimension[],
    filters: UsageFilters,
    granularity: Granularity | undefined,
    timeZone: string,
    watermark: string | null,
    params: SqlParams,
    limit?: number
  ): { sql: string; limited: boolean } {
    const source: SourceKind = sourceFor(dimensions, filters)
    const parts = decompose(range.from, range.to, grainsFor(source, granularity, isUtc(timeZone)))
    if (source === "customers" && limit && dimensions.length === 1 && dimensions[0] === "customer") {
      const rankParts = decompose(range.from, range.to, grainsFor(source, undefined, true))
      const rank = sourceSql(source, rankParts, filters, watermark, params, { narrow: true })
      const full = sourceSql(source, parts, filters, watermark, params, { customerIn: `(SELECT customer_id FROM ${name}_top)` })
      return {
        sql: `${name}_top AS MATERIALIZED (
            SELECT customer_id FROM (${rank}) ranked GROUP BY customer_id
            ORDER BY sum(credits) DESC, sum(requests) DESC, customer_id LIMIT ${params.add(limit, "int")}),
          ${name} AS MATERIALIZED (${full})`,
        limited: true,
      }
    }
    return { sql: `${name} AS MATERIALIZED (${sourceSql(source, parts, filters, watermark, params)})`, limited: false }
  }

  /**
   * Runs reads in one transaction (REPEATABLE READ when the callers pass it, see `snapshot`): the
   * watermark and the query see the same roll-up, so no event is counted both in a rollup and in
   * the tail. These queries read a few thousand rows; JIT compilation and parallel workers would
   * cost more than they save.
   */
  @InjectTransactionManager()
  protected async inSnapshot_<T>(
    work: (sql: SqlEntityManager, watermark: { rolled_up_to: string | null; rolled_up_to_iso: string | null }) => Promise<T>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<T> {
    const sql = manager(sharedContext, true)
    await sql.execute("SET LOCAL jit = off", [])
    await sql.execute("SET LOCAL max_parallel_workers_per_gather = 0", [])
    const [state] = await sql.execute(READ_WATERMARK_SQL, [])
    return await work(sql, {
      rolled_up_to: state?.rolled_up_to ?? null,
      rolled_up_to_iso: state?.rolled_up_to_iso ?? null,
    })
  }
}

export default AiCreditsAnalyticsModuleService

/** The transaction's manager inside one, else the module's (injected by @InjectManager). */
function manager(sharedContext: Context, transactional = false): SqlEntityManager {
  const found = transactional ? sharedContext.transactionManager : sharedContext.transactionManager ?? sharedContext.manager
  if (!found) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "No database manager in the context")
  }
  return found as SqlEntityManager
}

/** The context of a consistent read: a REPEATABLE READ transaction unless one is already open. */
function snapshot(sharedContext: Context): Context {
  return sharedContext.transactionManager ? sharedContext : { ...sharedContext, isolationLevel: "repeatable read" }
}

function isUtc(timeZone: string) {
  return ["UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"].includes(timeZone)
}

function assertRange(range: TimeRange) {
  const hour = 3_600_000
  if (!(range.from instanceof Date) || !(range.to instanceof Date) || range.from >= range.to) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "from must be before to")
  }
  if (range.from.getTime() % hour || range.to.getTime() % hour) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "from and to must be whole hours")
  }
}

/** Rollup rows store "" for a missing provider, model or sales channel; the API says null. */
function cleanRow(row: Record<string, unknown>): UsageRow {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row ?? {})) {
    out[key] = value === "" ? null : value
  }
  return out as UsageRow
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

