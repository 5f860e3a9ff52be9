import { emitEventStep, sendNotificationsStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ApprovalRequestRecord, OpenApprovalRequestInput } from "../../modules/ai-credits-governance/service"
import {
  decideApprovalRequestStep,
  DecideApprovalRequestInput,
  expireApprovalRequestsStep,
  openApprovalRequestStep,
} from "./approval-steps"

/** Events of the approval flow, for subscribers (e-mails to requesters, Slack, ...). */
export const ApprovalEvents = {
  REQUESTED: "ai_credits.approval_requested",
  APPROVED: "ai_credits.approval_approved",
  REJECTED: "ai_credits.approval_rejected",
  EXPIRED: "ai_credits.approval_expired",
} as const

/** A notification in the admin's feed (Medusa's Notification module, `feed` channel). */
function feedNotification(request: ApprovalRequestRecord, title: string, description: string) {
  return [
    {
      to: "",
      channel: "feed",
      template: "admin-ui",
      resource_id: request.id,
      resource_type: "ai_credit_approval_request",
      data: { title, description },
    },
  ]
}

function describeAsk(request: ApprovalRequestRecord) {
  return `${request.requester_type} ${request.requester_id ?? "(anonymous)"} asks for ${request.requested_amount} more ${request.metric} of "${request.rule_name}"`
}

/**
 * Opens (or finds) the approval request of a refused quota counter; a new one is announced with
 * the `ai_credits.approval_requested` event and a notification in the admin's feed.
 */
export const openApprovalRequestWorkflow = createWorkflow(
  "ai-credits-open-approval-request",
  (input: OpenApprovalRequestInput) => {
    const opened = openApprovalRequestStep(input)
    when("announce-new-approval-request", opened, (o) => o.created).then(() => {
      emitEventStep({ eventName: ApprovalEvents.REQUESTED, data: transform({ opened }, ({ opened }) => ({ id: opened.request.id })) })
      sendNotificationsStep(
        transform({ opened }, ({ opened }) =>
          feedNotification(opened.request, "AI credits: approval requested", describeAsk(opened.request))
        )
      )
    })
    return new WorkflowResponse(opened)
  }
)

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
