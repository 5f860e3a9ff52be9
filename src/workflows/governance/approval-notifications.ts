import type { ApprovalRequestDTO } from "../../modules/ai-credits-governance/types"

/** Events of the approval flow, for subscribers (e-mails to requesters, Slack, ...). */
export const ApprovalEvents = {
  REQUESTED: "ai_credits.approval_requested",
  APPROVED: "ai_credits.approval_approved",
  REJECTED: "ai_credits.approval_rejected",
  EXPIRED: "ai_credits.approval_expired",
} as const

/** A notification in the admin's feed (Medusa's Notification module, `feed` channel). */
export function feedNotification(request: ApprovalRequestDTO, title: string, description: string) {
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

export function describeAsk(request: ApprovalRequestDTO) {
  return `${request.requester_type} ${request.requester_id ?? "(anonymous)"} asks for ${request.requested_amount} more ${request.metric} of "${request.rule_name}"`
}
