import type { CreateNotificationDTO, INotificationModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { ThresholdReachedData } from "../../../modules/ai-credits/service"
import { titleOf } from "../alert-title"

/** The template name e-mail providers receive, with the alert as its data. */
export const THRESHOLD_EMAIL_TEMPLATE = "ai-credits-threshold-reached"

/**
 * E-mails the alert to the store's admin users and, for a customer's own wallet, to the customer,
 * when the Notification module has a provider for the `email` channel; without one this step
 * does nothing (the admin feed still has the alert). Sent mail cannot be recalled: no compensation.
 * The Notification module keeps a failed e-mail with status `failure`.
 */
export const emailThresholdReachedStep = createStep(
  "ai-credits-email-threshold-reached",
  async (alert: ThresholdReachedData, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: users } = await query.graph({ entity: "user", fields: ["email"] })
    const recipients = users.map((user: { email: string }) => user.email)
    if (alert.owner_type === "customer") {
      const { data: customers } = await query.graph({ entity: "customer", fields: ["email"], filters: { id: alert.owner_id } })
      recipients.push(...customers.map((customer: { email: string | null }) => customer.email ?? "").filter(Boolean))
    }
    const notifications: CreateNotificationDTO[] = recipients.map((to: string) => ({
      to,
      channel: "email",
      template: THRESHOLD_EMAIL_TEMPLATE,
      resource_id: alert.wallet_id,
      resource_type: "ai_credit_wallet",
      data: { ...alert, title: titleOf(alert) },
    }))
    if (!notifications.length) {
      return new StepResponse({ emailed: 0 })
    }
    const notificationModule: INotificationModuleService = container.resolve(Modules.NOTIFICATION)
    try {
      await notificationModule.createNotifications(notifications)
    } catch (error) {
      // Best effort: failing here would run the workflow again and repeat the feed notification.
      // Without a provider for the `email` channel, e-mail is simply not set up in this store.
      if (!String((error as Error).message).includes("notification provider for channel: email")) {
        container.resolve(ContainerRegistrationKeys.LOGGER).warn(`AI credits: the threshold e-mail failed: ${(error as Error).message}`)
      }
      return new StepResponse({ emailed: 0 })
    }
    return new StepResponse({ emailed: notifications.length })
  }
)
