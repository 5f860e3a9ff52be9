import { emitEventStep, sendNotificationsStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ApprovalEvents, feedNotification } from "../approval-notifications"
import { decideApprovalRequestStep, DecideApprovalRequestInput } from "../steps/decide-approval-request"

/**
 * Approves or rejects a pending request; the requester is told through the
 * `ai_credits.approval_approved`/`_rejected` event and the admin feed.
 */
export const decideApprovalRequestWorkflow = createWorkflow(
  "ai-credits-decide-approval-request",
  (input: DecideApprovalRequestInput) => {
    const decided = decideApprovalRequestStep(input)
    const eventName = transform({ decided }, ({ decided }) =>
      decided.status === "approved" ? ApprovalEvents.APPROVED : ApprovalEvents.REJECTED
    )
    emitEventStep({ eventName, data: transform({ decided }, ({ decided }) => ({ id: decided.id })) })
    sendNotificationsStep(
      transform({ decided }, ({ decided }) =>
        feedNotification(
          decided,
          decided.status === "approved" ? "AI credits: request approved" : "AI credits: request rejected",
          decided.status === "approved"
            ? `${decided.granted_amount} more ${decided.metric} of "${decided.rule_name}" for ${decided.subject} until ${new Date(decided.expires_at!).toISOString()}`
            : `No increase of "${decided.rule_name}" for ${decided.subject}${decided.decision_note ? `: ${decided.decision_note}` : ""}`
        )
      )
    )
    return new WorkflowResponse(decided)
  }
)
