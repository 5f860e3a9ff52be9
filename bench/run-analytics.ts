import { benchAnalytics } from "./analytics"

/** Entry point: prints the analytics metrics as JSON on the last line of stdout (progress on stderr). */
benchAnalytics(process.env.DATABASE_URL!)
  .then((metrics) => {
    process.stdout.write(`\n${JSON.stringify(metrics)}\n`)
    process.exit(0)
  })
  .catch((error) => {
    console.error(error)
    process.exit(1)
  })
