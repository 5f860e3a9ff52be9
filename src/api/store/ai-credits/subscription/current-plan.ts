import type { MedusaContainer } from "@medusajs/framework/types"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"

/** The customer's live subscription in short (for their wallet), or null. */
export async function currentPlanOf(container: MedusaContainer, customerId: string) {
  if (!container.hasRegistration(AI_CREDITS_BILLING_MODULE)) {
    return null
  }
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const [subscription] = await billing.listAiCreditSubscriptions(
    { customer_id: customerId, status: { $ne: "canceled" } },
    { relations: ["plan"], take: 1 }
  )
  if (!subscription) {
    return null
  }
  return {
    id: subscription.plan.id,
    code: subscription.plan.code,
    name: subscription.plan.name,
    monthly_credits: subscription.plan.monthly_credits,
    status: subscription.status,
    current_period_end: subscription.current_period_end,
  }
}
