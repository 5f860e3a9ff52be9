import { benchLedger } from "./ledger"

/** Entry point: prints the ledger metrics as JSON on the last line of stdout. */
benchLedger(process.env.DATABASE_URL!)
  .then((metrics) => {
    process.stdout.write(`\n${JSON.stringify(metrics)}\n`)
    process.exit(0)
  })
  .catch((error) => {
    console.error(error)
    process.exit(1)
  })
