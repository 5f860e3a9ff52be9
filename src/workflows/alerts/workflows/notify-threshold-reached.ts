import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sendNotificationsStep } from "@medusajs/medusa/core-flows"
import type { ThresholdReachedData } from "../../../modules/ai-credits/service"
import { titleOf } from "../alert-title"
import { emailThresholdReachedStep } from "../steps/email-threshold-reached"

/**
 * Tells people that a wallet crossed an alert threshold (`ai_credits.threshold_reached`): a
 * notification in the admin's feed, and e-mail where it is configured (see `emailThresholdReachedStep`).
 */
export const notifyThresholdReachedWorkflow = createWorkflow(
  "ai-credits-notify-threshold-reached",
  (alert: ThresholdReachedData) => {
    const feed = transform({ alert }, ({ alert }) => [
      {
        to: "",
        channel: "feed",
        template: "admin-ui",
        resource_id: alert.wallet_id,
        resource_type: "ai_credit_wallet",
        data: { title: titleOf(alert), description: alert.message },
      },
    ])
    sendNotificationsStep(feed)
    const emailed = emailThresholdReachedStep(alert)
    return new WorkflowResponse(emailed)
  }
)
