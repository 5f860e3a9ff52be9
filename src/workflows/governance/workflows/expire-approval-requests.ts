import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ApprovalEvents } from "../approval-notifications"
import { expireApprovalRequestsStep } from "../steps/expire-approval-requests"

/** Marks lapsed increases expired and emits `ai_credits.approval_expired` for each. */
export const expireApprovalRequestsWorkflow = createWorkflow(
  "ai-credits-expire-approval-requests",
  (input: { now?: Date }) => {
    const ids = expireApprovalRequestsStep(input)
    emitEventStep({
      eventName: ApprovalEvents.EXPIRED,
      data: transform({ ids }, ({ ids }) => ids.map((id) => ({ id }))),
    })
    return new WorkflowResponse(ids)
  }
)
