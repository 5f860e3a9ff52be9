import { spawn, type ChildProcess } from "child_process"
import crypto from "crypto"
import fs from "fs"
import http from "http"
import path from "path"
import { Client } from "pg"
import type { SeedOutput } from "../../../src/scripts/seed"

// CommonJS helpers shared with scripts/dev.js (plain .js, not transformed by jest).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { medusaCliPath, REPO_ROOT } = require("../../../scripts/lib/proc")
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureDatabase, randomFreePort, withDatabase } = require("../../../scripts/lib/embedded-pg")

export type TestServer = {
  baseUrl: string
  seed: SeedOutput
  /** Stops the server and drops its database. */
  stop(): Promise<void>
}

/**
 * A real Medusa server of this repository for browser tests, started the way `npm run dev`
 * starts the demo store: a fresh database (on the PostgreSQL of DB_HOST/DB_PORT/DB_USERNAME/
 * DB_PASSWORD, which the jest global setup provides), `medusa db:migrate`, the demo seed, then
 * `medusa start` with NODE_ENV=development, so the admin is served by its Vite middleware from
 * the sources (no admin build; Vite's dependency cache makes later runs faster) and, unlike
 * `medusa develop`, no file watcher restarts the server when tests write their screenshots.
 * Every child's output goes to `<logDir>/server.log`.
 */
export async function startTestServer({ logDir }: { logDir: string }): Promise<TestServer> {
  const seedFile = path.join(logDir, "seed-output.json")
  const app = await startMedusaApp({
    logDir,
    env: { AI_CREDITS_SEED_OUTPUT: seedFile },
    setup: async ({ medusa }) => {
      await medusa(["db:migrate", "--execute-safe-links"])
      await medusa(["exec", "./src/scripts/seed.ts"])
    },
  })
  try {
    const seed = JSON.parse(fs.readFileSync(seedFile, "utf8")) as SeedOutput
    return { baseUrl: app.baseUrl, seed, stop: app.stop }
  } catch (error) {
    await app.stop()
    throw error
  }
}

export type MedusaApp = {
  baseUrl: string
  port: number
  /** Stops the server and drops its database. */
  stop(): Promise<void>
}

export type AppSetup = {
  /** Runs the Medusa CLI in the app's folder; rejects when it fails. */
  medusa(args: string[]): Promise<void>
  /** Runs a shell command line (bash) in the app's folder, with the app's environment; rejects when it fails. */
  shell(commandLine: string): Promise<void>
}

/**
 * A Medusa app (this repository by default, or another app folder such as
 * integration-tests/plugin-app) on a fresh database: `setup` (migrations, seed, ...) runs first,
 * then `medusa <startArgs> --port <free port>` (default `start` with NODE_ENV=development).
 */
export async function startMedusaApp({
  logDir,
  appDir = REPO_ROOT,
  env: extraEnv = {},
  setup,
  startArgs = ["start"],
  port: chosenPort,
}: {
  logDir: string
  appDir?: string
  env?: NodeJS.ProcessEnv
  setup: (steps: AppSetup) => Promise<void>
  startArgs?: string[]
  /** A free port chosen by the caller (default: one is picked). */
  port?: number
}): Promise<MedusaApp> {
  fs.mkdirSync(logDir, { recursive: true })
  const log = fs.createWriteStream(path.join(logDir, "server.log"), { flags: "w" })
  const user = encodeURIComponent(process.env.DB_USERNAME || "postgres")
  const password = process.env.DB_PASSWORD ? `:${encodeURIComponent(process.env.DB_PASSWORD)}` : ""
  const serverUrl = `postgres://${user}${password}@${process.env.DB_HOST || "localhost"}:${process.env.DB_PORT || "5432"}`
  const database = `ai_credits_browser_${crypto.randomBytes(4).toString("hex")}`
  const databaseUrl = withDatabase(serverUrl, database)
  await ensureDatabase(serverUrl, database)

  const port: number = chosenPort ?? (await randomFreePort())
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: "development",
    PORT: String(port),
    ADMIN_CORS: `http://localhost:${port}`,
    AUTH_CORS: `http://localhost:${port}`,
    STORE_CORS: `http://localhost:${port}`,
    LOG_LEVEL: process.env.BROWSER_TEST_LOG_LEVEL ?? "info",
    ...extraEnv,
  }
  const children = new Set<ChildProcess>()
  const spawnInApp = (command: string, args: string[], shown: string) => {
    log.write(`\n$ ${shown}\n`)
    const child = spawn(command, args, {
      cwd: appDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    })
    children.add(child)
    child.stdout?.pipe(log, { end: false })
    child.stderr?.pipe(log, { end: false })
    const exited = new Promise<number>((resolve) =>
      child.once("exit", (code) => {
        children.delete(child)
        resolve(code ?? 1)
      })
    )
    return { child, exited }
  }
  const medusa = (args: string[]) => spawnInApp(process.execPath, [medusaCliPath(), ...args], `medusa ${args.join(" ")}`)
  const succeeds = async (started: ReturnType<typeof spawnInApp>, shown: string) => {
    const code = await started.exited
    if (code !== 0) {
      throw new Error(`${shown} failed (exit ${code}); see ${path.join(logDir, "server.log")}`)
    }
  }
  const steps: AppSetup = {
    medusa: (args) => succeeds(medusa(args), `medusa ${args.join(" ")}`),
    shell: (commandLine) => succeeds(spawnInApp("bash", ["-euo", "pipefail", "-c", commandLine], commandLine), commandLine),
  }

  const signalAll = (signal: NodeJS.Signals) => {
    for (const child of children) {
      try {
        process.kill(-child.pid!, signal)
      } catch {
        // already gone
      }
    }
  }
  // If jest exits without running afterAll (a crash, --forceExit), the server must not outlive it.
  const killOnExit = () => signalAll("SIGKILL")
  process.once("exit", killOnExit)

  const stop = async () => {
    process.removeListener("exit", killOnExit)
    signalAll("SIGTERM")
    // Medusa drains its connections on SIGTERM; it gets a few seconds, then it is killed.
    const killTimer = setTimeout(() => signalAll("SIGKILL"), 5000)
    await Promise.all([...children].map((c) => new Promise((resolve) => c.once("exit", resolve))))
    clearTimeout(killTimer)
    log.end()
    const client = new Client({ connectionString: withDatabase(serverUrl, "postgres") })
    await client.connect()
    try {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`)
    } finally {
      await client.end()
    }
  }

  try {
    await setup(steps)
    const server = medusa([...startArgs, "--port", String(port)])
    // A stop by a signal skips afterAll and exit hooks: a detached watchdog cleans up then.
    spawn(
      process.execPath,
      [path.join(__dirname, "server-watchdog.js"), String(process.pid), String(server.child.pid), withDatabase(serverUrl, "postgres"), database],
      { cwd: REPO_ROOT, detached: true, stdio: "ignore" }
    ).unref()
    const baseUrl = `http://localhost:${port}`
    let running = true
    void server.exited.then(() => (running = false))
    while (!(await healthy(baseUrl))) {
      if (!running) {
        throw new Error(`medusa ${startArgs.join(" ")} exited; see ${path.join(logDir, "server.log")}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    return { baseUrl, port, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

function healthy(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${baseUrl}/health`, { timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on("timeout", () => req.destroy())
    req.on("error", () => resolve(false))
  })
}
