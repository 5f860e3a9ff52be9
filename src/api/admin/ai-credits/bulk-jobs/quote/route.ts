import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AdminBulkJobQuoteResponse } from "../../../../../client/types"
import { quoteBulkJobWorkflow } from "../../../../../workflows/governance"
import { withCreditErrors } from "../../../../utils/credit-errors"
import type { AdminQuoteBulkJobType } from "../../governance/validators"

/** What a bulk job would cost (items × estimated credits) and how fast it may run, before submitting it. */
export const POST = withCreditErrors(async (req: AuthenticatedMedusaRequest<AdminQuoteBulkJobType>, res: MedusaResponse<AdminBulkJobQuoteResponse>) => {
  const { result } = await quoteBulkJobWorkflow(req.scope).run({
    input: { module: req.validatedBody.module, items: req.validatedBody.items },
  })
  res.json({ quote: result })
})
