"use strict"

/**
 * Long-running processes for scripts/bench.js and scripts/cluster.js: `medusa start` servers and
 * workers, and a private redis-server. Each is started by the caller and stopped by its handle
 * (never by name), so nothing else on the machine is touched.
 */

const { spawn } = require("child_process")
const { REPO_ROOT, medusaCliPath } = require("./proc")

/** Resolves when `GET /health` answers 200. */
async function waitForHealth(port, { timeoutMs = 180_000 } = {}) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`)
      if (response.ok) {
        return
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the server on port ${port} did not answer /health within ${timeoutMs / 1000}s`)
}

/** Resolves when the child has exited (at once if it already has). */
function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve()
  }
  return new Promise((resolve) => child.once("exit", () => resolve()))
}

/** How long a SIGTERM may take before SIGKILL follows (Medusa's graceful shutdown can wait on a dead Redis). */
const STOP_GRACE_MS = 15_000

/**
 * `medusa start` on `port` with `env`, its output collected in `logs` (and echoed with `name`
 * when `echo` is set). `kill(signal)` sends the signal and waits for the exit; a SIGTERM that is
 * not obeyed within 15 s is followed by SIGKILL.
 */
function startMedusa({ name, port, env, echo = false }) {
  const child = spawn(process.execPath, [medusaCliPath(), "start"], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  })
  const logs = []
  const collect = (chunk) => {
    for (const line of String(chunk).split("\n").filter(Boolean)) {
      logs.push(line)
      if (echo) {
        process.stdout.write(`[${name}] ${line}\n`)
      }
    }
  }
  child.stdout.on("data", collect)
  child.stderr.on("data", collect)
  return {
    name,
    port,
    child,
    logs,
    ready: () => waitForHealth(port),
    async kill(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) {
        return
      }
      child.kill(signal)
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS)
      await exited(child)
      clearTimeout(timer)
    },
  }
}

/** A redis-server of our own on `port`: no persistence, stopped with `stop()`. */
async function startRedis(port) {
  const child = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no", "--daemonize", "no"], {
    stdio: "ignore",
  })
  const url = `redis://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`)
    }
    if (await redisAnswers(port)) {
      break
    }
    if (Date.now() > deadline) {
      throw new Error(`redis-server on port ${port} did not start`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM")
      }
      await exited(child)
    },
  }
}

function redisAnswers(port) {
  return new Promise((resolve) => {
    const socket = require("net").connect(port, "127.0.0.1")
    socket.once("connect", () => socket.end("PING\r\n"))
    socket.once("data", (data) => resolve(String(data).startsWith("+PONG")))
    socket.once("error", () => resolve(false))
    socket.setTimeout(1_000, () => {
      socket.destroy()
      resolve(false)
    })
  })
}

module.exports = { waitForHealth, startMedusa, startRedis }
