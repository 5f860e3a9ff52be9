import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { addMonth, contractPeriodReference } from "../../../modules/ai-credits-billing"
import { createSubscriptionRecordStep } from "../steps/create-subscription-record"
import { validateInvoicedSubscriptionStep } from "../steps/validate-invoiced-subscription"
import { openPlanPeriodWorkflow } from "./open-plan-period"

export type StartInvoicedSubscriptionInput = { customer_id: string; plan_id: string; period_start: string }

/**
 * An admin puts a customer on a plan invoiced outside Stripe (an enterprise contract): the
 * subscription is recorded as active and its first monthly period opened. The
 * `ai-credits-renew-invoiced-subscriptions` job opens the next ones.
 */
export const startInvoicedSubscriptionWorkflow = createWorkflow(
  "ai-credits-start-invoiced-subscription",
  (input: StartInvoicedSubscriptionInput) => {
    const plan = validateInvoicedSubscriptionStep(input)
    const subscription = createSubscriptionRecordStep(
      transform({ input, plan }, ({ input, plan }) => ({
        customer_id: input.customer_id,
        plan_id: plan.id,
        status: "active" as const,
        billing: "invoice" as const,
        stripe_customer_id: null,
        stripe_subscription_id: null,
      }))
    )
    const opened = openPlanPeriodWorkflow.runAsStep({
      input: transform({ input, subscription }, ({ input, subscription }) => ({
        subscription_id: subscription.id,
        period_start: new Date(input.period_start).toISOString(),
        period_end: addMonth(new Date(input.period_start)).toISOString(),
        reference: contractPeriodReference(subscription.id, new Date(input.period_start)),
      })),
    })
    return new WorkflowResponse(transform({ subscription, opened }, ({ subscription, opened }) => ({ id: subscription.id, granted: opened.granted })))
  }
)
