/** Events of bulk jobs. `QUEUED` wakes the runner at once instead of at its next minute. */
export const BulkJobEvents = {
  QUEUED: "ai_credits.bulk_job_queued",
} as const
