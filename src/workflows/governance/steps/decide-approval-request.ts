import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { ApprovalRequestDTO } from "../../../modules/ai-credits-governance/types"

export type DecideApprovalRequestInput = {
  id: string
  decided_by: string
  note?: string | null
} & (
  | { decision: "approved"; granted_amount: number; expires_at: Date }
  | { decision: "rejected" }
)

type DecisionFields = Pick<
  ApprovalRequestDTO,
  "id" | "status" | "granted_amount" | "expires_at" | "decision_note" | "decided_by" | "decided_at"
>

/**
 * Approves (with the extra allowance and until when) or rejects a pending request. A request
 * already decided is refused with 409. Compensation puts it back to pending.
 */
export const decideApprovalRequestStep = createStep(
  "ai-credits-decide-approval-request",
  async (input: DecideApprovalRequestInput, { container }) => {
    const service = governanceService(container)
    const before = await service.retrieveAiCreditApprovalRequest(input.id)
    if (before.status !== "pending") {
      throw new MedusaError(MedusaError.Types.CONFLICT, `This approval request was already ${before.status}; only a pending request can be decided`)
    }
    const decided = await service.updateAiCreditApprovalRequests({
      id: input.id,
      status: input.decision,
      granted_amount: input.decision === "approved" ? input.granted_amount : null,
      expires_at: input.decision === "approved" ? input.expires_at : null,
      decision_note: input.note ?? null,
      decided_by: input.decided_by,
      decided_at: new Date(),
    })
    const previous: DecisionFields = {
      id: before.id,
      status: before.status,
      granted_amount: before.granted_amount,
      expires_at: before.expires_at,
      decision_note: before.decision_note,
      decided_by: before.decided_by,
      decided_at: before.decided_at,
    }
    return new StepResponse(decided, previous)
  },
  async (previous, { container }) => {
    if (previous) {
      await governanceService(container).updateAiCreditApprovalRequests(previous)
    }
  }
)
