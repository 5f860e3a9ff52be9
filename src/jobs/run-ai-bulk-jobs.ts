import type { MedusaContainer } from "@medusajs/framework/types"
import { runBulkJobs } from "../lib/bulk-jobs"

/** Starts queued bulk AI jobs within their module's concurrency cap and runs their batches at its pace. */
export default async function runAiBulkJobsJob(container: MedusaContainer) {
  await runBulkJobs(container)
}

export const config = {
  name: "ai-credits-run-bulk-jobs",
  schedule: "* * * * *",
}
