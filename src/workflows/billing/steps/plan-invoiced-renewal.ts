import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { contractPeriodReference, nextInvoicedPeriod } from "../../../modules/ai-credits-billing"
import { billing } from "../subscription-credits"

/** What renewing an invoiced subscription does now: nothing (not due), end it, or open its next period. */
export type InvoicedRenewal =
  | { action: "none" }
  | { action: "end"; subscription_id: string; ended_at: string }
  | { action: "open"; subscription_id: string; period_start: string; period_end: string; reference: string; skipped_periods: number }

/**
 * Reads an invoiced subscription again (under its lock) and decides its renewal: still due, it
 * ends when set to cancel at the period's end, or opens the period `now` is in. Read-only.
 */
export const planInvoicedRenewalStep = createStep(
  "ai-credits-plan-invoiced-renewal",
  async (input: { subscription_id: string; now: string }, { container }) => {
    const subscription = await billing(container).retrieveAiCreditSubscription(input.subscription_id)
    const now = new Date(input.now)
    const periodEnd = subscription.current_period_end ? new Date(subscription.current_period_end) : null
    if (!periodEnd || periodEnd > now || subscription.status === "canceled") {
      return new StepResponse<InvoicedRenewal>({ action: "none" })
    }
    if (subscription.cancel_at_period_end) {
      return new StepResponse<InvoicedRenewal>({ action: "end", subscription_id: subscription.id, ended_at: periodEnd.toISOString() })
    }
    const next = nextInvoicedPeriod(periodEnd, now)
    return new StepResponse<InvoicedRenewal>({
      action: "open",
      subscription_id: subscription.id,
      period_start: next.start.toISOString(),
      period_end: next.end.toISOString(),
      reference: contractPeriodReference(subscription.id, next.start),
      skipped_periods: next.skipped_periods,
    })
  }
)
