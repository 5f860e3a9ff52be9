import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { renewInvoicedSubscriptions } from "../lib/invoiced-renewals"

/** Opens the next period of plans invoiced outside Stripe (enterprise contracts); see `renewInvoicedSubscriptions`. */
export default async function renewInvoicedSubscriptionsJob(container: MedusaContainer) {
  const renewed = await renewInvoicedSubscriptions(container)
  if (renewed.length) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`ai-credits: renewed ${renewed.length} invoiced subscription(s)`)
  }
}

export const config = {
  name: "ai-credits-renew-invoiced-subscriptions",
  schedule: "*/10 * * * *",
}
