import type { MedusaContainer } from "@medusajs/framework/types"
import { runBulkJobs } from "../workflows/governance"

/** Every minute: one pass of the bulk job runner (`runBulkJobs`). */
export default async function runAiBulkJobsJob(container: MedusaContainer) {
  await runBulkJobs(container)
}

export const config = {
  name: "ai-credits-run-bulk-jobs",
  schedule: "* * * * *",
}
