import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../../../../../modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../../../../../modules/ai-credits-governance/service"
import type { AdminListBulkJobItemsType } from "../../../governance/validators"

/** A bulk job's items in order, with their results. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListBulkJobItemsType>, res: MedusaResponse) => {
  const governance: AiCreditsGovernanceModuleService = req.scope.resolve(AI_CREDITS_GOVERNANCE_MODULE)
  await governance.retrieveAiCreditBulkJob(req.params.id)
  const { skip, take } = req.queryConfig.pagination
  const [items, count] = await governance.listAndCountAiCreditBulkJobItems(
    { job_id: req.params.id, ...(req.validatedQuery.status ? { status: req.validatedQuery.status } : {}) },
    {
      skip,
      take,
      order: { position: "ASC" },
      select: ["id", "position", "reference", "prompt", "status", "output", "input_tokens", "output_tokens", "error", "processed_at"],
    }
  )
  res.json({ items, count, offset: skip, limit: take })
}
