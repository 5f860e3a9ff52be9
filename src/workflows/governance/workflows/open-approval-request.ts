import { emitEventStep, sendNotificationsStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { OpenApprovalRequestInput } from "../../../modules/ai-credits-governance/types"
import { ApprovalEvents, describeAsk, feedNotification } from "../approval-notifications"
import { openApprovalRequestStep } from "../steps/open-approval-request"

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
