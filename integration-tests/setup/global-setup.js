/**
 * Jest global setup: one PostgreSQL server for the whole run.
 *
 * - DB_HOST set (environment, or `.env.test` / `.env` loaded by jest.config.js): that server
 *   is used as is (DB_PORT default 5432, DB_USERNAME, DB_PASSWORD); nothing is started.
 * - Otherwise one embedded PostgreSQL is started (data dir `.data/postgres-test-<random>`,
 *   a free port, fsync/synchronous_commit/full_page_writes off, max_connections=300), and
 *   DB_HOST=localhost, DB_PORT, DB_USERNAME, DB_PASSWORD are set in process.env.
 *
 * Why the variables reach the suites: globalSetup runs in jest's main process before the test
 * scheduler creates its workers, and jest-worker forks them with a copy of process.env taken
 * at fork time; with --runInBand the suites run in this very process. The @medusajs/test-utils
 * runners read DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when a suite loads them.
 * DB_HOST must be exactly "localhost": for any other host the runners turn SSL on.
 *
 * The server is stopped (and its data dir deleted) by global-teardown.js. If jest dies first,
 * a detached watchdog stops it, and the next run cleans up anything left (see
 * scripts/lib/embedded-pg.js).
 *
 * When the command line selects only projects without a database (`--selectProjects unit`),
 * no server is started. DEBUG_EMBEDDED_PG=1 streams the server's log; it is printed anyway
 * when the server fails to start.
 */
const crypto = require("crypto")
const path = require("path")
const {
  DATA_ROOT,
  cleanupStaleClusters,
  startEmbeddedPostgres,
} = require("../../scripts/lib/embedded-pg")
const { needsDatabase } = require("../../scripts/lib/test-support")

const STATE_KEY = "__AI_CREDITS_EMBEDDED_PG__"

module.exports = async function globalSetup() {
  const argv = process.argv.slice(2)

  if (!needsDatabase(argv)) {
    return
  }

  if (process.env.DB_HOST) {
    process.env.DB_PORT ??= "5432"
    if (process.env.DB_HOST !== "localhost") {
      console.warn(
        `\n[test] DB_HOST=${process.env.DB_HOST}: @medusajs/test-utils connects with SSL to any ` +
          `host other than "localhost".`
      )
    }
    console.log(
      `\n[test] PostgreSQL: ${process.env.DB_USERNAME ?? "postgres"}@${process.env.DB_HOST}:` +
        `${process.env.DB_PORT} (DB_HOST is set; no embedded server)`
    )
    return
  }

  const started = Date.now()
  const logLines = []
  const log = (line) => {
    logLines.push(line)
    if (logLines.length > 300) {
      logLines.shift()
    }
    if (process.env.DEBUG_EMBEDDED_PG) {
      console.log(`[postgres] ${line}`)
    }
  }

  await cleanupStaleClusters({ prefix: "postgres-test-", log: (m) => console.log(`\n[test] ${m}`) })

  const dataDir = path.join(DATA_ROOT, `postgres-test-${crypto.randomBytes(4).toString("hex")}`)
  let pg
  try {
    pg = await startEmbeddedPostgres({ dataDir, throwaway: true, fast: true, log })
  } catch (err) {
    if (err.code === "EMBEDDED_PG_UNREACHABLE") {
      // What to do is the whole message: no log, no stack trace.
      err.stack = `[test] ${err.message}`
      throw err
    }
    console.error(`\n[test] Embedded PostgreSQL failed. Its log:\n${logLines.join("\n")}`)
    throw err
  }
  globalThis[STATE_KEY] = pg

  Object.assign(process.env, {
    DB_HOST: "localhost",
    DB_PORT: String(pg.port),
    DB_USERNAME: pg.user,
    DB_PASSWORD: pg.password,
  })
  console.log(
    `\n[test] Embedded PostgreSQL on localhost:${pg.port} ` +
      `(${path.relative(process.cwd(), dataDir)}, started in ${Date.now() - started} ms)`
  )
}

module.exports.STATE_KEY = STATE_KEY
