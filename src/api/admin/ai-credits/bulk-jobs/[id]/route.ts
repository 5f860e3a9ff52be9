import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBulkJobResponse } from "../../../../../client/types"
import { governanceService } from "../../../../../modules/ai-credits-governance"
import { serializeBulkJob } from "../serializers"

/** A bulk job and its progress. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminBulkJobResponse>) => {
  const job = await governanceService(req.scope).retrieveAiCreditBulkJob(req.params.id)
  res.json({ bulk_job: serializeBulkJob(job) })
}
