import type { ThresholdReachedData } from "../../modules/ai-credits/service"

/** The title of a threshold alert, in the admin feed and in e-mails. */
export function titleOf(alert: ThresholdReachedData) {
  switch (alert.kind) {
    case "budget_threshold":
      return `AI credits: ${alert.threshold}% of the monthly budget used`
    case "budget_exceeded":
      return "AI credits: monthly budget exceeded"
    case "cost_budget_exceeded":
      return "AI credits: monthly provider-cost budget exceeded"
    case "low_balance":
      return "AI credits are running low"
  }
}
