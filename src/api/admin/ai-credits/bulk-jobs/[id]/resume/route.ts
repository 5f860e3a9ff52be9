import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBulkJobResponse } from "../../../../../../client/types"
import { resumeBulkJobWorkflow } from "../../../../../../workflows/governance"
import { serializeBulkJob } from "../../serializers"

/** Resumes a paused (e.g. after a top-up) or failed job from its next item; it queues for a place first. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminBulkJobResponse>) => {
  const { result } = await resumeBulkJobWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ bulk_job: serializeBulkJob(result) })
}
