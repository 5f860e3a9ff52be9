#!/usr/bin/env node
"use strict"

/**
 * `npm run test:cluster` (smoke, CI) and `npm run test:faults` (everything): the production setup
 * of README "Production: several servers", started for real and put under load and faults.
 *
 *   - its own PostgreSQL (embedded, .data/postgres-cluster, deleted afterwards) and its own
 *     redis-server on a free port from 6390: the machine's shared servers are never stopped;
 *   - `medusa db:migrate` and the demo seed once, then one worker (MEDUSA_WORKER_MODE=worker) and
 *     two servers (MEDUSA_WORKER_MODE=server) with REDIS_URL: Medusa's Redis event bus, workflow
 *     engine, locking and caching, and the plugin's Redis rate limiter. Server A fails closed when
 *     Redis is down, server B fails open.
 *
 * Checks (smoke, in CI: all but 5; full: all):
 *   1. credit: 110 one-credit charges split over both servers at a 100-credit wallet: exactly 100 pass;
 *   2. rate limit: 150 requests of one customer over both servers: exactly the 120/min pass;
 *   3. quota: a 30-requests-a-day rule, 45 requests over both servers: exactly 30 pass;
 *   4. kill -9 of server B mid-load: every answered charge is in the ledger, retries with the same
 *      Idempotency-Key on server A charge once, a hold taken on B is released after its TTL;
 *   5. PostgreSQL down for 65 s mid-load: 503 `database_unavailable`, then 200 again without a restart;
 *   6. PostgreSQL crashed (immediate shutdown: no checkpoint, unflushed WAL lost) mid-load and started
 *      again: every charge answered 200 is still in the ledger (answers come after the WAL flush),
 *      and retries of the rest with the same Idempotency-Key charge each once;
 *   7. Redis stopped: server A answers 503 `rate_limiter_unavailable` and logs it, server B lets
 *      the request through with the X-AI-Credits-Rate-Limit header and logs a warning.
 * After each: the ledger reconciles (entries sum to every wallet's balance and held credits).
 */

const fs = require("fs")
const { spawnSync } = require("child_process")
const path = require("path")
const { Client } = require("pg")
const { REPO_ROOT, startEmbeddedPostgres, ensureDatabase, withDatabase, findFreePort } = require("./lib/embedded-pg")
const { runMedusa } = require("./lib/proc")
const { startMedusa, startRedis } = require("./lib/servers")

const FULL = process.argv.includes("--full")
const ECHO = process.argv.includes("--verbose")
const DATABASE = "medusa_ai_credits_cluster"
/** One data dir per run: two runs at once must not delete each other's database. */
const DATA_DIR = path.join(REPO_ROOT, ".data", `postgres-cluster-${process.pid}`)
const HOLD_TTL_SECONDS = 5
const CUSTOMER_LIMIT_PER_MINUTE = 120 // medusa-config.ts: { per: "customer", limit: 120, window_seconds: 60 }

const results = []
function log(message) {
  process.stdout.write(`[cluster] ${message}\n`)
}
function check(name, ok, detail) {
  results.push({ name, ok })
  log(`${ok ? "PASS" : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`)
}

async function main() {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error("redis-server is not installed (apt-get install redis-server): the check starts its own on a free port")
  }
  fs.rmSync(DATA_DIR, { recursive: true, force: true })
  let pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, portFrom: 5460 })
  const pgPort = pg.port
  const redis = await startRedis(await findFreePort(6390))
  const serverUrl = pg.url("postgres")
  const databaseUrl = withDatabase(serverUrl, DATABASE)
  const processes = []
  try {
    await ensureDatabase(serverUrl, DATABASE)
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      NODE_ENV: "production",
      MEDUSA_DISABLE_ADMIN: "true",
      LOG_LEVEL: "info",
      AI_CREDITS_IP_LIMIT_PER_MINUTE: "1000000",
      AI_CREDITS_HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS),
      AI_CREDITS_SEED_OUTPUT: path.join(".data", "seed-output-cluster.json"),
    }
    delete env.AI_CREDITS_REDIS_URL
    log(`PostgreSQL on ${pgPort}, Redis on ${redis.port}; migrating and seeding`)
    await expectZero(runMedusa(["db:migrate"], { env: { ...env, LOG_LEVEL: "error" } }), "medusa db:migrate")
    await expectZero(runMedusa(["exec", "./src/scripts/seed.ts"], { env: { ...env, LOG_LEVEL: "error" } }), "seed")

    const [workerPort, portA, portB] = [await findFreePort(9300), await findFreePort(9310), await findFreePort(9320)]
    const worker = startMedusa({ name: "worker", port: workerPort, env: { ...env, MEDUSA_WORKER_MODE: "worker" }, echo: ECHO })
    const serverEnv = (mode) => ({ ...env, MEDUSA_WORKER_MODE: "server", AI_CREDITS_RATE_LIMIT_FAILURE_MODE: mode })
    let a = startMedusa({ name: "server-a", port: portA, env: serverEnv("closed"), echo: ECHO })
    let b = startMedusa({ name: "server-b", port: portB, env: serverEnv("open"), echo: ECHO })
    processes.push(worker, a, b)
    // Booting three apps at once on a small machine is slow; they come up in parallel.
    await Promise.all([worker.ready(), a.ready(), b.ready()])
    log(`worker on ${workerPort}, server A on ${portA} (fails closed), server B on ${portB} (fails open)`)

    const fx = await fixtures(databaseUrl, portA)
    const both = [portA, portB]

    await creditCheck(fx, both, databaseUrl)
    await rateLimitCheck(fx, both)
    await quotaCheck(fx, both)
    await reconcileCheck(databaseUrl, "after the load")

    b = await killCheck(fx, a, b, databaseUrl, () => startMedusa({ name: "server-b", port: portB, env: serverEnv("open"), echo: ECHO }))
    processes.push(b)
    if (FULL) {
      // PostgreSQL stays down past the connection pool's 60 s wait: the longest check.
      pg = await postgresRestartCheck(fx, a, b, pg, pgPort)
    }
    pg = await postgresCrashCheck(fx, a, b, pg, pgPort, databaseUrl)
    await redisDownCheck(fx, a, b, redis)
    await reconcileCheck(databaseUrl, "after the faults")
  } finally {
    for (const proc of processes.reverse()) {
      await proc.kill("SIGTERM")
    }
    await redis.stop()
    await pg.stop().catch((error) => log(`stopping PostgreSQL: ${error.message}`))
    fs.rmSync(DATA_DIR, { recursive: true, force: true })
  }
  const failed = results.filter((r) => !r.ok)
  log(`${results.length - failed.length}/${results.length} checks passed`)
  if (failed.length) {
    process.exitCode = 1
  }
}

// ------------------------------------------------------------------------------------------------
// HTTP

async function call(port, method, urlPath, { body, headers = {} } = {}) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let data = text
    try {
      data = JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: response.status, data, headers: response.headers }
  } catch (error) {
    return { status: 0, data: { message: error.cause?.code ?? error.message }, headers: new Headers() }
  }
}

async function must(promise, what) {
  const response = await promise
  if (response.status < 200 || response.status >= 300) {
    throw new Error(`${what}: ${response.status} ${JSON.stringify(response.data)}`)
  }
  return response.data
}

const countBy = (responses) =>
  responses.reduce((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {})

/** Starts the burst at least `seconds` before the minute turns, so a fixed window holds all of it. */
async function roomInThisMinute(seconds) {
  const left = 60 - new Date().getUTCSeconds()
  if (left < seconds) {
    await new Promise((r) => setTimeout(r, left * 1000 + 200))
  }
}

// ------------------------------------------------------------------------------------------------
// Fixtures: the seed's admin, key and customers, plus a third customer; the store pool emptied so
// that a customer's wallet is the only payer.

async function fixtures(databaseUrl, port) {
  const admin = await must(
    call(port, "POST", "/auth/user/emailpass", { body: { email: "admin@example.com", password: "supersecret" } }),
    "admin login"
  )
  const adminHeaders = { authorization: `Bearer ${admin.token}` }
  const publishableKey = await webStoreKey(databaseUrl)
  const pk = { "x-publishable-api-key": publishableKey }
  const login = async (email) => {
    const { token } = await must(call(port, "POST", "/auth/customer/emailpass", { body: { email, password: "supersecret" } }), `login ${email}`)
    return { ...pk, authorization: `Bearer ${token}` }
  }
  const register = async (email) => {
    const { token } = await must(
      call(port, "POST", "/auth/customer/emailpass/register", { body: { email, password: "supersecret" } }),
      `register ${email}`
    )
    await must(
      call(port, "POST", "/store/customers", { body: { email }, headers: { ...pk, authorization: `Bearer ${token}` } }),
      `create ${email}`
    )
    return login(email)
  }
  const wallet = async (headers) => (await must(call(port, "GET", "/store/ai-credits/wallet", { headers }), "wallet")).wallet
  const adjust = (owner_type, owner_id, amount, grant_id) =>
    must(
      call(port, "POST", "/admin/ai-credits/adjustments", {
        body: { owner_type, owner_id, amount, reason: "cluster test", ...(grant_id ? { grant_id } : {}) },
        headers: adminHeaders,
      }),
      `adjust ${owner_type} ${owner_id} by ${amount}`
    )

  // Only the customers' own wallets pay in these checks: the store's pool is emptied, grant by grant
  // (the demo's pool grant is restricted to some modules, so a plain debit cannot reach it).
  const { wallets } = await must(call(port, "GET", "/admin/ai-credits/wallets?owner_type=store", { headers: adminHeaders }), "store pool")
  for (const pool of wallets.filter((w) => w.balance > 0)) {
    const { wallet: detail } = await must(call(port, "GET", `/admin/ai-credits/wallets/${pool.id}`, { headers: adminHeaders }), "store pool grants")
    for (const grant of detail.grants.filter((g) => g.status === "active" && g.remaining > 0)) {
      await adjust("store", pool.owner_id, -grant.remaining, grant.id)
    }
  }
  const ada = await login("ada@example.com")
  const grace = await login("grace@example.com")
  const cleo = await register(`cleo-${Date.now()}@example.com`)
  return { port, adminHeaders, pk, ada, grace, cleo, register, wallet, adjust }
}

async function webStoreKey(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(`select token from api_key where title = 'Web Store key' and revoked_at is null limit 1`)
    return rows[0].token
  } finally {
    await client.end()
  }
}

/** One credit: one request of the search module's model (1 credit a request in the demo prices). */
const ONE_CREDIT = { module: "search", usage: { requests: 1 } }
const charge = (port, headers, key, body = ONE_CREDIT) =>
  call(port, "POST", "/store/ai-credits/usage", { body, headers: { ...headers, "idempotency-key": key } })

async function customerWalletOf(fx, headers) {
  const me = await must(call(fx.port, "GET", "/store/customers/me", { headers }), "me")
  return { customerId: me.customer.id }
}

// ------------------------------------------------------------------------------------------------
// Checks

async function creditCheck(fx, ports, databaseUrl) {
  const { customerId } = await customerWalletOf(fx, fx.ada)
  const before = await fx.wallet(fx.ada)
  await fx.adjust("customer", customerId, 100 - before.balance)
  // 110 requests stay under the customer's 120 a minute in any window: no need to wait.
  const responses = await Promise.all(
    Array.from({ length: 110 }, (_, i) => charge(ports[i % 2], fx.ada, `credit-${i}`))
  )
  const counts = countBy(responses)
  const after = await fx.wallet(fx.ada)
  check(
    "110 one-credit charges over two servers at 100 credits: exactly 100 pass, the wallet ends at 0",
    counts[200] === 100 && counts[402] === 10 && after.balance === 0 && after.reserved === 0,
    JSON.stringify({ counts, balance: after.balance })
  )
  await reconcileCheck(databaseUrl, "after the credit race")
}

async function rateLimitCheck(fx, ports) {
  const { customerId } = await customerWalletOf(fx, fx.grace)
  await fx.adjust("customer", customerId, 10_000)
  await roomInThisMinute(30)
  const responses = await Promise.all(
    Array.from({ length: 150 }, (_, i) => charge(ports[i % 2], fx.grace, `rate-${i}`))
  )
  const counts = countBy(responses)
  const limited = responses.filter((r) => r.status === 429)
  check(
    `150 requests of one customer over two servers, ${CUSTOMER_LIMIT_PER_MINUTE}/min: exactly ${CUSTOMER_LIMIT_PER_MINUTE} pass`,
    counts[200] === CUSTOMER_LIMIT_PER_MINUTE &&
      limited.length === 150 - CUSTOMER_LIMIT_PER_MINUTE &&
      limited.every((r) => r.data.type === "rate_limited" && r.headers.get("retry-after")),
    JSON.stringify(counts)
  )
}

async function quotaCheck(fx, ports) {
  const { customerId } = await customerWalletOf(fx, fx.cleo)
  await fx.adjust("customer", customerId, 1_000)
  await must(
    call(fx.port, "POST", "/admin/ai-credits/quota-rules", {
      body: { name: "cluster: 30 seo requests a day", module: "seo", metric: "requests", window: "day", limit: 30 },
      headers: fx.adminHeaders,
    }),
    "quota rule"
  )
  // Each server reads the rules again within 5 s (QUOTA_RULES_TTL_MS).
  await new Promise((r) => setTimeout(r, 6_000))
  const responses = await Promise.all(
    Array.from({ length: 45 }, (_, i) => charge(ports[i % 2], fx.cleo, `quota-${i}`, { module: "seo", usage: { input_tokens: 1 } }))
  )
  const counts = countBy(responses)
  check(
    "a 30-a-day quota rule, 45 requests over two servers: exactly 30 pass",
    counts[200] === 30 && responses.filter((r) => r.data?.type === "quota_exceeded").length === 15,
    JSON.stringify(counts)
  )
}

async function killCheck(fx, a, b, databaseUrl, restartB) {
  const { customerId } = await customerWalletOf(fx, fx.cleo)
  await fx.adjust("customer", customerId, 1_000)
  // The cooldown and per-minute limit must not be what stops these requests.
  await new Promise((r) => setTimeout(r, (61 - new Date().getUTCSeconds()) * 1000))
  const start = await fx.wallet(fx.cleo)

  const hold = await must(
    call(b.port, "POST", "/store/ai-credits/authorizations", { body: { module: "chatbot" }, headers: fx.cleo }),
    "hold on B"
  )
  // 40 charges, their retries and a second round stay within the customer's 120 a minute.
  const keys = Array.from({ length: 40 }, (_, i) => `kill-${i}`)
  const first = keys.map((key, i) => charge(i % 2 ? b.port : a.port, fx.cleo, key))
  await new Promise((r) => setTimeout(r, 150))
  await b.kill("SIGKILL")
  const answers = await Promise.all(first)
  const lost = answers.filter((r) => r.status === 0).length
  // The client retries what got no answer (or a 5xx) with the same key, on the server still up.
  const retried = await Promise.all(
    answers.map((r, i) => (r.status === 200 ? r : charge(a.port, fx.cleo, keys[i])))
  )
  const again = await Promise.all(keys.map((key) => charge(a.port, fx.cleo, key)))
  const end = await fx.wallet(fx.cleo)
  const ids = new Set(answers.filter((r) => r.status === 200).map((r) => r.data.usage_event.id))
  const stored = await usageEventsIn(databaseUrl, [...ids])
  check(
    `kill -9 of server B during 40 charges (${lost} cut off): every answered charge is in the ledger, retries with the same key charge once`,
    retried.every((r) => r.status === 200) &&
      again.every((r, i) => r.status === 200 && r.data.usage_event.id === retried[i].data.usage_event.id) &&
      stored === ids.size &&
      start.balance - end.balance === keys.length,
    JSON.stringify({ lost, answered: ids.size, stored, charged: start.balance - end.balance })
  )

  // The hold taken on B is not lost with B: reads ignore it once past its TTL, the worker's
  // settle job releases it in the ledger.
  await new Promise((r) => setTimeout(r, (HOLD_TTL_SECONDS + 1) * 1000))
  const afterTtl = await fx.wallet(fx.cleo)
  let status = await reservationStatus(databaseUrl, hold.authorization.id)
  for (let i = 0; i < 70 && status === "held"; i++) {
    await new Promise((r) => setTimeout(r, 1000))
    status = await reservationStatus(databaseUrl, hold.authorization.id)
  }
  check(
    "a hold taken on the killed server stops counting after its TTL and the worker releases it",
    afterTtl.reserved === 0 && status !== "held",
    JSON.stringify({ reserved_after_ttl: afterTtl.reserved, status })
  )

  const restarted = restartB()
  await restarted.ready()
  return restarted
}

/**
 * PostgreSQL down for longer than Medusa's pool waits for a connection (knex's 60 s
 * acquireConnectionTimeout, which medusa-config cannot change): queries cut off by the shutdown
 * and requests that found no connection answer 503; a request that arrives in a short restart
 * just waits and succeeds. Then everything answers 200 again without touching the servers.
 */
async function postgresRestartCheck(fx, a, b, pg, port) {
  const { customerId } = await customerWalletOf(fx, fx.ada)
  await fx.adjust("customer", customerId, 1_000)
  await new Promise((r) => setTimeout(r, (61 - new Date().getUTCSeconds()) * 1000))
  const statuses = []
  let running = true
  // Three callers, one request every 2 s each: under the customer's 120 a minute.
  const loads = [0, 1, 2].map(async (caller) => {
    for (let i = 0; running; i++) {
      const r = await charge(caller % 2 ? b.port : a.port, fx.ada, `pg-${caller}-${i}`)
      statuses.push({ status: r.status, type: r.data?.type, retryAfter: r.headers.get("retry-after"), at: Date.now() })
      await new Promise((res) => setTimeout(res, 2_000))
    }
  })
  await new Promise((r) => setTimeout(r, 2_000))
  await pg.stop()
  log("PostgreSQL stopped for 65 s")
  await new Promise((r) => setTimeout(r, 65_000))
  const restarted = await startEmbeddedPostgres({ dataDir: DATA_DIR, port })
  const backAt = Date.now()
  log("PostgreSQL started again")
  const deadline = backAt + 60_000
  let recovered = false
  while (Date.now() < deadline && !recovered) {
    await new Promise((r) => setTimeout(r, 1_000))
    const since = statuses.filter((s) => s.at > backAt + 1_000)
    recovered = since.length >= 6 && since.slice(-6).every((s) => s.status === 200)
  }
  running = false
  await Promise.all(loads)
  const failures = statuses.filter((s) => s.status !== 200)
  check(
    "PostgreSQL down 65 s under load: 503 database_unavailable with Retry-After (never a 500), then 200 again by itself",
    failures.length > 0 &&
      failures.every((s) => s.status === 503 && s.type === "database_unavailable" && s.retryAfter) &&
      recovered,
    JSON.stringify({ requests: statuses.length, failures: countBy(failures), recovered })
  )
  return restarted
}

/**
 * PostgreSQL crashes under load: an immediate shutdown (SIGQUIT to the postmaster) skips the
 * checkpoint and loses whatever WAL was not flushed, as a power cut would for an async commit. The
 * ledger commits without waiting for the flush and answers only after a synchronous flush behind
 * it (src/modules/ai-credits/ledger-call.ts): so every charge answered 200 must survive.
 */
async function postgresCrashCheck(fx, a, b, pg, port, databaseUrl) {
  // A customer of its own: the others may be in a cooldown or near a limit from earlier checks.
  const dora = await fx.register(`dora-${Date.now()}@example.com`)
  const { customerId } = await customerWalletOf(fx, dora)
  await fx.adjust("customer", customerId, 1_000)
  await new Promise((r) => setTimeout(r, (61 - new Date().getUTCSeconds()) * 1000))
  const start = await fx.wallet(dora)
  const keys = Array.from({ length: 40 }, (_, i) => `crash-${i}`)
  // The crash comes once some charges are answered, while the others are on their way.
  let answeredSoFar = 0
  const first = keys.map((key, i) => charge(i % 2 ? b.port : a.port, dora, key).then((r) => (r.status === 200 && answeredSoFar++, r)))
  for (let waited = 0; answeredSoFar < 10 && waited < 10_000; waited += 5) {
    await new Promise((r) => setTimeout(r, 5))
  }
  process.kill(pg.pid, "SIGQUIT")
  const answers = await Promise.all(first)
  const restarted = await startEmbeddedPostgres({ dataDir: DATA_DIR, port })
  log(`PostgreSQL crashed and started again (crash recovery); answers before: ${JSON.stringify(countBy(answers))}`)
  // The servers reconnect by themselves: wait until both answer, then retry what got no 200.
  const walletOn = (server) => call(server.port, "GET", "/store/ai-credits/wallet", { headers: dora })
  for (let i = 0; i < 90; i++) {
    const probes = await Promise.all([walletOn(a), walletOn(b)])
    if (probes.every((r) => r.status === 200)) {
      break
    }
    if (i % 10 === 9) {
      log(`waiting for the servers after the crash: ${JSON.stringify(probes.map((r) => [r.status, r.data?.type ?? r.data?.message]))}`)
    }
    await new Promise((res) => setTimeout(res, 1_000))
  }
  const retried = await Promise.all(keys.map((key, i) => (answers[i]?.status === 200 ? answers[i] : charge(a.port, dora, key))))
  const answered = answers.filter((r) => r.status === 200)
  const ids = answered.map((r) => r.data.usage_event.id)
  const stored = await usageEventsIn(databaseUrl, ids)
  const end = await fx.wallet(dora)
  check(
    `PostgreSQL crashed during 40 charges (${answered.length} answered before): every answered charge survived, retries charge once`,
    stored === ids.length &&
      retried.every((r) => r.status === 200) &&
      start.balance - end.balance === keys.length,
    JSON.stringify({
      sent_before_crash: answers.length,
      answered: answered.length,
      stored,
      charged: start.balance - end.balance,
      retried: countBy(retried),
      refusals: [...new Set(retried.filter((r) => r.status !== 200).map((r) => r.data?.type ?? r.data?.message))],
    })
  )
  return restarted
}

async function redisDownCheck(fx, a, b, redis) {
  const logsFrom = { a: a.logs.length, b: b.logs.length }
  await redis.stop()
  await new Promise((r) => setTimeout(r, 1_000))
  // Grace is in a cooldown since the rate-limit check: with Redis down nobody can know.
  const closed = await charge(a.port, fx.grace, "redis-down-a")
  const open = await charge(b.port, fx.grace, "redis-down-b")
  const invoked = await call(b.port, "POST", "/store/ai-credits/invoke", {
    body: { module: "chatbot", input: { prompt: "Is the store open?" } },
    headers: fx.grace,
  })
  await new Promise((r) => setTimeout(r, 500))
  const logged = (proc, from) => proc.logs.slice(from).some((line) => line.includes("rate limiter unavailable"))
  check(
    "Redis down, server A fails closed: 503 rate_limiter_unavailable, logged",
    closed.status === 503 && closed.data?.type === "rate_limiter_unavailable" && logged(a, logsFrom.a),
    JSON.stringify({ status: closed.status, type: closed.data?.type })
  )
  check(
    "Redis down, server B fails open: metering and the AI gateway answer with X-AI-Credits-Rate-Limit, logged",
    [open, invoked].every((r) => r.status === 200 && /degraded/.test(r.headers.get("x-ai-credits-rate-limit") ?? "")) &&
      logged(b, logsFrom.b),
    JSON.stringify([open, invoked].map((r) => ({ status: r.status, header: r.headers.get("x-ai-credits-rate-limit") })))
  )
}

// ------------------------------------------------------------------------------------------------
// The database's view

async function withClient(databaseUrl, fn) {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Wallets whose ledger does not sum to their balance or held credits, or whose open holds do not. */
async function reconcileCheck(databaseUrl, when) {
  const broken = await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query(`
      select w.id, w.balance, w.reserved, coalesce(l.amount, 0) as ledger_amount, coalesce(l.reserved, 0) as ledger_reserved
      from ai_credit_wallet w
      left join (select wallet_id, sum(amount) as amount, sum(reserved_delta) as reserved
                 from ai_credit_ledger_entry where deleted_at is null group by wallet_id) l on l.wallet_id = w.id
      where w.deleted_at is null and (w.balance <> coalesce(l.amount, 0) or w.reserved <> coalesce(l.reserved, 0))`)
    return rows
  })
  check(`the ledger reconciles ${when}`, broken.length === 0, broken.length ? JSON.stringify(broken) : "")
}

async function usageEventsIn(databaseUrl, ids) {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query(`select count(*)::int as n from ai_credit_usage_event where id = any($1)`, [ids])
    return rows[0].n
  })
}

async function reservationStatus(databaseUrl, id) {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query(`select status from ai_credit_reservation where id = $1`, [id])
    return rows[0]?.status
  })
}

async function expectZero(promise, what) {
  const code = await promise
  if (code !== 0) {
    throw new Error(`${what} exited with ${code}`)
  }
}

main().catch((error) => {
  log(`error: ${error.stack ?? error}`)
  process.exitCode = 1
})
