"use strict"

/**
 * Watchdog for an embedded PostgreSQL server, started detached by ./embedded-pg.js before the
 * server is initialised and started:
 *
 *   node pg-watchdog.js <owner pid> <data dir> <remove|keep>
 *
 * - The owner dies without cleaning up (SIGKILL, crash, closed terminal, or an exit whose
 *   "exit" hook could only send SIGINT): end the process groups listed in the owner file
 *   (`medusa develop`, see adoptProcessGroup), stop the server if it runs, delete the data dir of a
 *   throw-away test cluster ("remove"), delete the owner file, exit.
 * - The owner cleaned up (its owner file `<data dir>.owner.json` is gone): exit.
 * - The owner sends SIGTERM after a normal stop: exit.
 */

const fs = require("fs")
const { isAlive, livePostmaster, readOwner, stopPostmasterPid } = require("./embedded-pg")

const [ownerArg, dataDir, mode] = process.argv.slice(2)
const ownerPid = parseInt(ownerArg, 10)
const ownerFile = `${dataDir}.owner.json`
const POLL_MS = 500

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Ends process groups the owner adopted (e.g. `medusa develop`): SIGTERM, then SIGKILL. */
async function endProcessGroups() {
  const groups = readOwner(dataDir)?.processGroups ?? []
  for (const pgid of groups) {
    try {
      process.kill(-pgid, "SIGTERM")
    } catch {
      continue
    }
    const until = Date.now() + 10000
    while (Date.now() < until && isAlive(pgid)) {
      await sleep(200)
    }
    try {
      process.kill(-pgid, "SIGKILL")
    } catch {
      // gone
    }
  }
}

async function cleanUpAfterDeadOwner() {
  await endProcessGroups()
  // A server that was being started when the owner died may not have written its pid yet.
  let postmaster = livePostmaster(dataDir)
  if (!postmaster) {
    await sleep(1000)
    postmaster = livePostmaster(dataDir)
  }
  if (postmaster) {
    await stopPostmasterPid(postmaster)
  }
  if (mode === "remove") {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  fs.rmSync(ownerFile, { force: true })
}

async function main() {
  if (!ownerPid || !dataDir) {
    return 2
  }
  for (;;) {
    if (!isAlive(ownerPid)) {
      await cleanUpAfterDeadOwner()
      return 0
    }
    if (!fs.existsSync(ownerFile)) {
      return 0
    }
    await sleep(POLL_MS)
  }
}

main().then(
  (code) => process.exit(code),
  () => process.exit(1)
)
