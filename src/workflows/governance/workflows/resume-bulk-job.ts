import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { BulkJobEvents } from "../bulk-job-events"
import { setBulkJobStatusStep } from "../steps/set-bulk-job-status"

/**
 * Resumes a paused (e.g. after a top-up) or failed job from its next item: it queues for a place
 * first, and the runner is woken (`ai_credits.bulk_job_queued`).
 */
export const resumeBulkJobWorkflow = createWorkflow("ai-credits-resume-bulk-job", (input: { id: string }) => {
  const bulkJob = setBulkJobStatusStep(
    transform({ input }, ({ input }) => ({
      id: input.id,
      from: ["paused_insufficient_credits" as const, "failed" as const],
      to: "queued" as const,
      last_error: null,
    }))
  )
  emitEventStep({ eventName: BulkJobEvents.QUEUED, data: transform({ bulkJob }, ({ bulkJob }) => ({ id: bulkJob.id })) })
  return new WorkflowResponse(bulkJob)
})
