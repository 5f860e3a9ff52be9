import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { quoteBulkJob } from "../../../../../lib/bulk-jobs"
import { withCreditErrors } from "../../../../utils/credit-errors"
import type { AdminQuoteBulkJobType } from "../../governance/validators"

/** What a bulk job would cost (items × estimated credits) and how fast it may run, before submitting it. */
export const POST = withCreditErrors(async (req: AuthenticatedMedusaRequest<AdminQuoteBulkJobType>, res: MedusaResponse) => {
  res.json({ quote: await quoteBulkJob(req.scope, req.validatedBody.module, req.validatedBody.items) })
})
