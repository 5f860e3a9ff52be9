/**
 * Analytics at scale: the admin overview of one month over 10 million usage events.
 * Run by `npm run bench` (scripts/bench.js, through bench/run-analytics.ts), which provides
 * DATABASE_URL. The events live in a database of their own next to it (`<name>_analytics`,
 * migrated here with the ai_credits and ai_credits_analytics modules only), so that 10 million
 * rows never weigh on the hot-path benchmarks' tables.
 *
 * 1. Generates BENCH_ANALYTICS_EVENTS (default 10,000,000) synthetic usage events once, in SQL
 *    (INSERT ... SELECT generate_series, in chunks, resumable), spread over the 12 months before
 *    November 2026: 6 modules, 2 providers, 4 models, 3 storefronts, 20,000 customers (each on one storefront; 30% of
 *    the requests by visitors), a quarter of them in carts, 1% refunded (at once). They stay in the bench
 *    database; a later run only adds what is missing.
 * 2. Rolls them up with the roll-up the job runs (again only when the events changed).
 * 3. Times `getOverview` (what GET /admin/ai-credits/analytics/overview runs) for October 2026:
 *    warm-up, then the median of BENCH_ANALYTICS_RUNS runs.
 */
import path from "path"
import { Client } from "pg"
import { MedusaApp, MedusaAppMigrateUp, MedusaModule } from "@medusajs/framework/modules-sdk"
import { ContainerRegistrationKeys, createPgConnection } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../src/modules/ai-credits"
import { AI_CREDITS_ANALYTICS_MODULE } from "../src/modules/ai-credits-analytics"
import type AiCreditsAnalyticsModuleService from "../src/modules/ai-credits-analytics/service"

const TARGET = Number(process.env.BENCH_ANALYTICS_EVENTS ?? 10_000_000)
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 15)
const CHUNK = 250_000
const SPAN_FROM = "2025-11-01T00:00:00Z"
const SPAN_TO = "2026-11-01T00:00:00Z"
const MONTH = { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-01T00:00:00Z") }

type Knex = ReturnType<typeof createPgConnection>

function log(message: string) {
  process.stderr.write(`[bench:analytics] ${message}\n`)
}

/**
 * Events `from`..`to` (exclusive) of the synthetic data set. Event g's time is the golden-ratio
 * sequence over the span, so any number of events covers the whole year evenly and growing the
 * data set later only adds events; its id is `aiuse_<ULID of its time>` like the ledger's.
 * Pseudo-random choices hash g; money is computed in numeric.
 */
function generateSql(from: number, to: number) {
  return `
INSERT INTO ai_credit_usage_event (id, wallet_id, reservation_id, module, provider, model, price_id,
  input_tokens, output_tokens, images, requests, output_type, credits, requested_credits, provider_cost,
  raw_provider_cost, currency_code, sales_channel_id, customer_id, visitor_id, cart_id, latency_ms, status,
  refunded_credits, refunded_at, created_at, updated_at)
SELECT aica_ulid_floor('aiuse', t.at) || lpad(upper(to_hex(t.g)), 16, '0'), 'aiwal_bench_analytics', 'aires_bench_' || t.g,
  m.module, p.provider, m.model, NULL,
  t.input_tokens, t.output_tokens, 0, 1, 'text', t.credits, t.credits, t.cost,
  jsonb_build_object('value', t.cost::text, 'precision', 20), 'usd',
  CASE WHEN t.channel < 6 THEN 'sc_bench_web' WHEN t.channel < 9 THEN 'sc_bench_b2b' ELSE 'sc_bench_app' END,
  CASE WHEN t.h2 % 10 < 7 THEN 'cus_bench_' || (t.h2 % 20000) END,
  CASE WHEN t.h2 % 10 >= 7 THEN 'vis_bench_' || (t.h2 % 50000) END,
  CASE WHEN t.h % 4 = 0 THEN 'cart_bench_' || (t.g / 3) END,
  200 + t.h % 1800,
  CASE WHEN t.h2 % 100 = 0 THEN 'refunded' ELSE 'charged' END,
  CASE WHEN t.h2 % 100 = 0 THEN t.credits ELSE 0 END,
  CASE WHEN t.h2 % 100 = 0 THEN t.at END,
  t.at, t.at
FROM (
  SELECT s.g, s.h, s.h2, s.at,
    -- A customer shops on one storefront; visitors anywhere.
    CASE WHEN s.h2 % 10 < 7 THEN (s.h2 % 20000) * 7 % 10 ELSE s.h % 10 END AS channel,
    200 + (s.h % 2800)::int AS input_tokens, 50 + (s.h2 % 1450)::int AS output_tokens,
    1 + (s.h % 30)::int AS credits,
    ((200 + (s.h % 2800)) * 0.00015 + (50 + (s.h2 % 1450)) * 0.0006) / 1000 AS cost
  FROM (
    SELECT g, (g * 2654435761) % 4294967291 AS h, (g * 40503 + 12345) % 2147483629 AS h2,
      '${SPAN_FROM}'::timestamptz + ('${SPAN_TO}'::timestamptz - '${SPAN_FROM}'::timestamptz)
        * ((g * 0.6180339887498949::float8) - floor(g * 0.6180339887498949::float8)) AS at
    FROM generate_series(${from}::bigint, ${to - 1}::bigint) AS g
  ) s
) t
CROSS JOIN LATERAL (
  SELECT * FROM (VALUES
    (0, 40, 'chatbot', 'gpt-4o-mini'), (40, 65, 'search', 'text-embedding-3-small'),
    (65, 80, 'recommendations', 'text-embedding-3-small'), (80, 88, 'seo', 'gpt-4o-mini'),
    (88, 95, 'content', 'gpt-4o'), (95, 100, 'analytics', 'gpt-4.1')
  ) AS v(lo, hi, module, model) WHERE t.h % 100 >= v.lo AND t.h % 100 < v.hi
) m
CROSS JOIN LATERAL (SELECT CASE WHEN t.h2 % 5 = 0 THEN 'openai' ELSE 'local' END AS provider) p`
}

async function ensureEvents(knex: Knex): Promise<{ generated: number; seconds: number }> {
  await knex.raw(`CREATE TABLE IF NOT EXISTS bench_analytics_state (
    id text PRIMARY KEY, generated bigint NOT NULL DEFAULT 0, rolled_for bigint NOT NULL DEFAULT -1)`)
  await knex.raw(`INSERT INTO bench_analytics_state (id) VALUES ('events') ON CONFLICT DO NOTHING`)
  const started = Date.now()
  let generated = Number((await knex.raw(`SELECT generated FROM bench_analytics_state WHERE id = 'events'`)).rows[0].generated)
  if (generated >= TARGET) {
    log(`${generated.toLocaleString("en")} synthetic events already in the database`)
    return { generated, seconds: 0 }
  }
  log(`generating ${(TARGET - generated).toLocaleString("en")} usage events (have ${generated.toLocaleString("en")})`)
  while (generated < TARGET) {
    const to = Math.min(TARGET, generated + CHUNK)
    await knex.transaction(async (trx) => {
      await trx.raw(generateSql(generated, to))
      await trx.raw(`UPDATE bench_analytics_state SET generated = ? WHERE id = 'events'`, [to])
    })
    generated = to
    log(`  ${generated.toLocaleString("en")} / ${TARGET.toLocaleString("en")} (${Math.round((Date.now() - started) / 1000)} s)`)
  }
  await knex.raw(`ANALYZE ai_credit_usage_event`)
  return { generated, seconds: (Date.now() - started) / 1000 }
}

/** Rolls up from scratch when the events changed since the last roll-up, else only what is new. */
async function ensureRollups(knex: Knex, analytics: AiCreditsAnalyticsModuleService, generated: number) {
  const started = Date.now()
  const rolledFor = Number((await knex.raw(`SELECT rolled_for FROM bench_analytics_state WHERE id = 'events'`)).rows[0].rolled_for)
  if (rolledFor !== generated) {
    // Events were added in the past (before the watermark): start over.
    log("rolling up from scratch")
    await knex.raw(`TRUNCATE ai_credit_usage_rollup, ai_credit_customer_usage_rollup, ai_credit_cart_usage`)
    await knex.raw(`UPDATE ai_credit_rollup_state SET rolled_up_to = NULL`)
  }
  let batches = 0
  for (;;) {
    const result = await analytics.rollUpUsage({ max_window_hours: 24 * 7, time_budget_ms: 60_000, safety_margin_ms: 0 })
    batches += result.batches
    log(`  rolled up to ${result.rolled_up_to} (${batches} batches, ${Math.round((Date.now() - started) / 1000)} s)`)
    if (result.caught_up) {
      break
    }
  }
  await knex.raw(`UPDATE bench_analytics_state SET rolled_for = ? WHERE id = 'events'`, [generated])
  // What autovacuum does in a store (the migration tunes it for these tables); done here at once
  // so that every run measures the same state: statistics and visibility map (index-only reads).
  await knex.raw(`VACUUM (ANALYZE) ai_credit_usage_rollup, ai_credit_customer_usage_rollup, ai_credit_cart_usage`)
  return (Date.now() - started) / 1000
}

const MODULES = {
  [AI_CREDITS_MODULE]: { resolve: path.join(__dirname, "..", "src", "modules", "ai-credits") },
  [AI_CREDITS_ANALYTICS_MODULE]: { resolve: path.join(__dirname, "..", "src", "modules", "ai-credits-analytics") },
}
const QUIET = { info() {}, warn: console.warn, error: console.error, debug() {} }

/** `<database>_analytics` on the same server, created and migrated (both modules) when needed. */
async function analyticsDatabase(databaseUrl: string): Promise<string> {
  const url = new URL(databaseUrl)
  const name = `${url.pathname.slice(1) || "postgres"}_analytics`
  const admin = new URL(databaseUrl)
  admin.pathname = "/postgres"
  const client = new Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])
    if (!rowCount) {
      log(`creating database ${name}`)
      await client.query(`CREATE DATABASE "${name}"`)
    }
  } finally {
    await client.end()
  }
  url.pathname = `/${name}`
  const knex = createPgConnection({ clientUrl: url.toString(), pool: { min: 0, max: 2 } })
  try {
    // Module migrations connect with the module's `database` option (else DATABASE_URL).
    const database = { clientUrl: url.toString() }
    await MedusaAppMigrateUp({
      modulesConfig: Object.fromEntries(
        Object.entries(MODULES).map(([name, config]) => [name, { ...config, options: { database } }])
      ),
      injectedDependencies: { [ContainerRegistrationKeys.PG_CONNECTION]: knex, [ContainerRegistrationKeys.LOGGER]: QUIET },
    })
  } finally {
    await knex.destroy()
  }
  return url.toString()
}

export async function benchAnalytics(benchDatabaseUrl: string): Promise<Record<string, number>> {
  const databaseUrl = await analyticsDatabase(benchDatabaseUrl)
  const knex = createPgConnection({ clientUrl: databaseUrl, pool: { min: 1, max: 4 } })
  const { modules, onApplicationShutdown } = await MedusaApp({
    modulesConfig: { [AI_CREDITS_ANALYTICS_MODULE]: MODULES[AI_CREDITS_ANALYTICS_MODULE] },
    injectedDependencies: {
      [ContainerRegistrationKeys.PG_CONNECTION]: knex,
      [ContainerRegistrationKeys.LOGGER]: QUIET,
    },
  })
  const analytics = modules[AI_CREDITS_ANALYTICS_MODULE] as unknown as AiCreditsAnalyticsModuleService
  try {
    const { generated, seconds: generateSeconds } = await ensureEvents(knex)
    const rollupSeconds = await ensureRollups(knex, analytics, generated)

    const overview = () => analytics.getOverview({ ...MONTH, granularity: "day", limit: 10 })
    const first = await overview()
    log(
      `October 2026: ${first.totals.requests.toLocaleString("en")} requests, ${first.totals.credits.toLocaleString("en")} credits, ` +
        `provider cost $${first.totals.provider_cost.usd}, ${first.series.length} series rows`
    )
    await overview()
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const started = process.hrtime.bigint()
      await overview()
      times.push(Number(process.hrtime.bigint() - started) / 1e6)
    }
    times.sort((a, b) => a - b)
    const median = times[Math.floor(times.length / 2)]
    log(`overview: median ${median.toFixed(1)} ms, min ${times[0].toFixed(1)}, max ${times[times.length - 1].toFixed(1)} (${RUNS} runs)`)

    const label = generated === 10_000_000 ? "10m" : `${generated}`
    return {
      [`analytics.overview_ms.events_${label}`]: Math.round(median * 10) / 10,
      "analytics.events": generated,
      "analytics.events_in_month": first.totals.requests,
      ...(generateSeconds ? { "analytics.generate_s": Math.round(generateSeconds) } : {}),
      "analytics.rollup_s": Math.round(rollupSeconds * 10) / 10,
    }
  } finally {
    await onApplicationShutdown()
    await knex.destroy()
    MedusaModule.clearInstances()
  }
}
