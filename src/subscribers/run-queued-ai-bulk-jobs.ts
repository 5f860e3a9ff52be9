import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { BulkJobEvents, runBulkJobs } from "../workflows/governance"

/** A bulk job was submitted or resumed: run the bulk job runner now rather than at its next minute. */
export default async function runQueuedAiBulkJobs({ container }: SubscriberArgs<{ id: string }>) {
  await runBulkJobs(container)
}

export const config: SubscriberConfig = { event: BulkJobEvents.QUEUED }
