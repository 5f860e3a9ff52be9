import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { liveSubscriptionPhrase } from "../../../modules/ai-credits-billing"
import { billing } from "../subscription-credits"

/** Checks a plan invoiced outside Stripe (an enterprise contract) and that the customer has no live subscription. */
export const validateInvoicedSubscriptionStep = createStep(
  "ai-credits-validate-invoiced-subscription",
  async (input: { customer_id: string; plan_id: string }, { container }) => {
    const service = billing(container)
    const plan = await service.retrieveAiCreditPlan(input.plan_id)
    if (plan.billing !== "invoice") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `The plan "${plan.name}" is billed through Stripe: the customer subscribes in the store`)
    }
    await container.resolve(Modules.CUSTOMER).retrieveCustomer(input.customer_id)
    const [live] = await service.listAiCreditSubscriptions({ customer_id: input.customer_id, status: { $ne: "canceled" } }, { take: 1 })
    if (live) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `This customer already has ${liveSubscriptionPhrase(live.status)}; change or cancel it instead`)
    }
    return new StepResponse(plan)
  }
)
