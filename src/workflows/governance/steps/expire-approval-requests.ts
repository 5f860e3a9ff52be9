import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"

/**
 * Marks approved increases whose time is up as expired (they already stopped counting at
 * `expires_at`; this makes the state visible). Compensation marks them approved again.
 */
export const expireApprovalRequestsStep = createStep(
  "ai-credits-expire-approval-requests",
  async (input: { now?: Date }, { container }) => {
    const service = governanceService(container)
    const due = await service.listAiCreditApprovalRequests(
      { status: "approved", expires_at: { $lte: input.now ?? new Date() } },
      { take: 1_000, select: ["id"] }
    )
    const ids = due.map((request) => request.id)
    if (ids.length) {
      await service.updateAiCreditApprovalRequests(ids.map((id) => ({ id, status: "expired" as const })))
    }
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (ids?.length) {
      await governanceService(container).updateAiCreditApprovalRequests(ids.map((id) => ({ id, status: "approved" as const })))
    }
  }
)
