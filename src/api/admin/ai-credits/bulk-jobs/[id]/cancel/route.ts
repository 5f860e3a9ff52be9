import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBulkJobResponse } from "../../../../../../client/types"
import { setBulkJobStatusWorkflow } from "../../../../../../workflows/governance"
import { serializeBulkJob } from "../../serializers"

/**
 * Cancels a job. A batch in flight stops after its current item and is charged only for the
 * items that ran; the rest of its hold is released.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminBulkJobResponse>) => {
  const { result } = await setBulkJobStatusWorkflow(req.scope).run({
    input: { id: req.params.id, from: ["queued", "running", "paused_insufficient_credits", "failed"], to: "canceled" },
  })
  res.json({ bulk_job: serializeBulkJob(result) })
}
