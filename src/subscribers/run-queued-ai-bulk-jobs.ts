import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import runAiBulkJobsJob from "../jobs/run-ai-bulk-jobs"
import { BulkJobEvents } from "../workflows/governance"

/** A bulk job was submitted or resumed: run the bulk job runner now rather than at its next minute. */
export default async function runQueuedAiBulkJobs({ container }: SubscriberArgs<{ id: string }>) {
  await runAiBulkJobsJob(container)
}

export const config: SubscriberConfig = { event: BulkJobEvents.QUEUED }
