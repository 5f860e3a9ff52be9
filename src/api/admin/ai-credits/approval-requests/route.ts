import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../../../modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../../../modules/ai-credits-governance/service"
import { serializeApprovalRequest } from "../../../../workflows/governance"
import { requestQuotaIncrease } from "../../../../workflows/metering"
import { adminCaller } from "../../../utils/callers"
import { withCreditErrors } from "../../../utils/credit-errors"
import type { ListApprovalRequestsType, RequestQuotaIncreaseType } from "../governance/validators"

/** Approval requests, newest first; `?status=pending` is the admin's queue. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, ListApprovalRequestsType>, res: MedusaResponse) => {
  const governance: AiCreditsGovernanceModuleService = req.scope.resolve(AI_CREDITS_GOVERNANCE_MODULE)
  const { skip, take } = req.queryConfig.pagination
  const [requests, count] = await governance.listAndCountAiCreditApprovalRequests(
    req.validatedQuery.status ? { status: req.validatedQuery.status } : {},
    { skip, take, order: { created_at: "DESC", id: "DESC" } }
  )
  res.json({
    approval_requests: requests.map(serializeApprovalRequest),
    count,
    offset: skip,
    limit: take,
  })
}

/** An admin user asks for more of a `require_approval` quota that limits them (e.g. by role). */
export const POST = withCreditErrors(
  async (req: AuthenticatedMedusaRequest<RequestQuotaIncreaseType>, res: MedusaResponse) => {
    const { approval_request, created } = await requestQuotaIncrease(req.scope, adminCaller(req), req.validatedBody)
    res.status(created ? 201 : 200).json({ approval_request })
  }
)
