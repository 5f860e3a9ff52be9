import { randomUUID } from "crypto"
import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { startPlanSubscriptionWorkflow } from "../../../../workflows"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"
import { serializeSubscription } from "../../../admin/ai-credits/plans/serializers"
import type { StoreStartSubscriptionType } from "../../../admin/ai-credits/plans/validators"

/**
 * The logged-in customer buys a plan: a Stripe customer and subscription are created, and the
 * credits come when Stripe reports the first invoice paid (or at once, for a trial). 409 when
 * they already have a live subscription. An `Idempotency-Key` header makes a retry safe.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreStartSubscriptionType>, res: MedusaResponse) => {
  const header = req.headers["idempotency-key"]
  const { result } = await startPlanSubscriptionWorkflow(req.scope).run({
    input: {
      customer_id: req.auth_context.actor_id,
      plan_id: req.validatedBody.plan_id,
      payment_method_id: req.validatedBody.payment_method_id,
      idempotency_key: `${req.auth_context.actor_id}:${typeof header === "string" && header ? header : randomUUID()}`,
    },
  })
  const billing: AiCreditsBillingModuleService = req.scope.resolve(AI_CREDITS_BILLING_MODULE)
  const subscription = await billing.retrieveSubscriptionWithPlan(result.subscription.id)
  res.status(201).json({
    subscription: serializeSubscription(subscription),
    payment_client_secret: result.payment_client_secret,
    trial: result.trial,
    trial_refused: result.trial_refused,
  })
}
