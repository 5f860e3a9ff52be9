import type Stripe from "stripe"
import type { SubscriptionStatus } from "./types"

/** Our status for Stripe's. */
export function subscriptionStatusOf(status: Stripe.Subscription.Status): SubscriptionStatus {
  switch (status) {
    case "trialing":
      return "trialing"
    case "active":
      return "active"
    case "past_due":
    case "unpaid":
    case "paused":
      return "past_due"
    case "canceled":
    case "incomplete_expired":
      return "canceled"
    default:
      return "incomplete"
  }
}
