import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { serializeBulkJob } from "../../../../../lib/bulk-jobs"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../../../../modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../../../../modules/ai-credits-governance/service"
import type { BulkJobRecord } from "../../../../../modules/ai-credits-governance/service"

/** A bulk job and its progress. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const governance: AiCreditsGovernanceModuleService = req.scope.resolve(AI_CREDITS_GOVERNANCE_MODULE)
  const job = await governance.retrieveAiCreditBulkJob(req.params.id)
  res.json({ bulk_job: serializeBulkJob(job as unknown as BulkJobRecord) })
}
