import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"
import { handleStripeEvent } from "../../../../workflows"

/**
 * Stripe's webhook endpoint for plans. The signature is checked against the raw body first (400
 * and nothing handled when it is wrong); the event is then handled at once, once per event id.
 * A failure answers 500, so Stripe delivers the event again later.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const billing: AiCreditsBillingModuleService = req.scope.resolve(AI_CREDITS_BILLING_MODULE)
  const event = await billing.constructStripeEvent(req.rawBody, req.headers["stripe-signature"])
  const result = await handleStripeEvent(req.scope, event)
  res.json({ received: true, outcome: result.outcome })
}
