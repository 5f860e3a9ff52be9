import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"
import { serializeSubscription } from "../../../admin/ai-credits/plans/serializers"

/** The logged-in customer's subscription (the live one, else the latest), or null. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const billing: AiCreditsBillingModuleService = req.scope.resolve(AI_CREDITS_BILLING_MODULE)
  const subscriptions = await billing.listAiCreditSubscriptions(
    { customer_id: req.auth_context.actor_id },
    { relations: ["plan"], order: { created_at: "DESC" }, take: 20 }
  )
  const current = subscriptions.find((s) => s.status !== "canceled") ?? subscriptions[0]
  if (!current) {
    res.json({ subscription: null })
    return
  }
  const { stripe_customer_id: _c, stripe_subscription_id: _s, ...shown } = serializeSubscription(current)
  res.json({ subscription: shown })
}
