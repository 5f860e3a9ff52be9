import { benchLedger } from "./ledger"
import { benchQuota } from "./quota"

/** Entry point: runs the in-process benchmarks and prints their metrics as JSON on the last line. */
async function main() {
  const databaseUrl = process.env.DATABASE_URL!
  const metrics = { ...(await benchLedger(databaseUrl)), ...(await benchQuota(databaseUrl)) }
  process.stdout.write(`\n${JSON.stringify(metrics)}\n`)
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error)
    process.exit(1)
  })
