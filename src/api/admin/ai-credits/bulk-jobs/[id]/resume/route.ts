import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { kickBulkJobs, serializeBulkJob } from "../../../../../../lib/bulk-jobs"
import { setBulkJobStatusWorkflow } from "../../../../../../workflows/governance"

/** Resumes a paused (e.g. after a top-up) or failed job from its next item; it queues for a place first. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await setBulkJobStatusWorkflow(req.scope).run({
    input: { id: req.params.id, from: ["paused_insufficient_credits", "failed"], to: "queued", last_error: null },
  })
  kickBulkJobs(req.scope)
  res.json({ bulk_job: serializeBulkJob(result) })
}
