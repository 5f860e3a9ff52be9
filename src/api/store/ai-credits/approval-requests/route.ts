import type { AuthenticatedMedusaRequest, MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../../../modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../../../modules/ai-credits-governance/service"
import type { ListApprovalRequestsType, RequestQuotaIncreaseType } from "../../../admin/ai-credits/governance/validators"
import { serializeApprovalRequest } from "../../../../workflows/governance"
import { requestQuotaIncrease } from "../../../../workflows/metering"
import { storeCaller } from "../../../utils/callers"
import { withCreditErrors } from "../../../utils/credit-errors"

/** The logged-in customer's approval requests and their status, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, ListApprovalRequestsType>, res: MedusaResponse) => {
  const governance: AiCreditsGovernanceModuleService = req.scope.resolve(AI_CREDITS_GOVERNANCE_MODULE)
  const { skip, take } = req.queryConfig.pagination
  const filters: Record<string, unknown> = { requester_type: "customer", requester_id: req.auth_context.actor_id }
  if (req.validatedQuery.status) {
    filters.status = req.validatedQuery.status
  }
  const [requests, count] = await governance.listAndCountAiCreditApprovalRequests(filters, {
    skip,
    take,
    order: { created_at: "DESC", id: "DESC" },
  })
  res.json({
    // Which admin decided is the merchant's business.
    approval_requests: requests.map((request) => {
      const { decided_by: _decidedBy, ...shown } = serializeApprovalRequest(request)
      return shown
    }),
    count,
    offset: skip,
    limit: take,
  })
}

/** The customer asks for more of a `require_approval` quota that limits them. */
export const POST = withCreditErrors(async (req: MedusaStoreRequest<RequestQuotaIncreaseType>, res: MedusaResponse) => {
  const { approval_request, created } = await requestQuotaIncrease(req.scope, storeCaller(req), req.validatedBody)
  res.status(created ? 201 : 200).json({ approval_request })
})
