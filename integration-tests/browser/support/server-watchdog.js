"use strict"

/**
 * Watchdog of the browser tests' server, started detached by medusa-server.ts:
 *
 *   node server-watchdog.js <owner pid> <server process group> <maintenance database URL> <database>
 *
 * When the owner (the jest process) dies without stopping the server (killed, or stopped by a
 * signal: jest's test sandbox cannot hook the real process's exit), it ends the server's process
 * group (SIGTERM, then SIGKILL) and drops the test database. It exits when the server is gone.
 */

const [ownerArg, groupArg, maintenanceUrl, database] = process.argv.slice(2)
const owner = parseInt(ownerArg, 10)
const group = parseInt(groupArg, 10)

const alive = (pid) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === "EPERM"
  }
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function main() {
  while (alive(group)) {
    if (!alive(owner)) {
      try {
        process.kill(-group, "SIGTERM")
        for (let i = 0; i < 25 && alive(group); i++) {
          await sleep(200)
        }
        process.kill(-group, "SIGKILL")
      } catch {
        // gone
      }
      const { Client } = require("pg")
      const client = new Client({ connectionString: maintenanceUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`)
      await client.end()
      return
    }
    await sleep(500)
  }
}

main().then(
  () => process.exit(0),
  () => process.exit(1)
)
