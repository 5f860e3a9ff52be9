import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"
import { startInvoicedSubscriptionWorkflow } from "../../../../workflows"
import { serializeSubscription } from "../plans/serializers"
import type { AdminCreateSubscriptionType, AdminListSubscriptionsType } from "../plans/validators"

/** Customers' subscriptions, newest first, with their plan; filters `status`, `customer_id`, `plan_id`. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListSubscriptionsType>, res: MedusaResponse) => {
  const billing: AiCreditsBillingModuleService = req.scope.resolve(AI_CREDITS_BILLING_MODULE)
  const { status, customer_id, plan_id } = req.validatedQuery
  const filters = {
    ...(status ? { status } : {}),
    ...(customer_id ? { customer_id } : {}),
    ...(plan_id ? { plan_id } : {}),
  }
  const { skip, take } = req.queryConfig.pagination
  const [subscriptions, count] = await billing.listAndCountAiCreditSubscriptions(filters, {
    relations: ["plan"],
    skip: skip ?? 0,
    take: take ?? 50,
    order: { created_at: "DESC" },
  })
  res.json({
    subscriptions: subscriptions.map(serializeSubscription),
    count,
    offset: skip,
    limit: take,
  })
}

/**
 * Puts a customer on a plan invoiced outside Stripe (an enterprise contract): active at once, its
 * first month's credits granted; the renewal job opens the next months. 409 when the customer
 * already has a live subscription; 400 for a plan sold through Stripe.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateSubscriptionType>, res: MedusaResponse) => {
  const { customer_id, plan_id, period_start } = req.validatedBody
  const billing: AiCreditsBillingModuleService = req.scope.resolve(AI_CREDITS_BILLING_MODULE)
  const { result } = await startInvoicedSubscriptionWorkflow(req.scope).run({
    input: { customer_id, plan_id, period_start: period_start ?? new Date().toISOString() },
  })
  res.status(201).json({ subscription: serializeSubscription(await billing.retrieveSubscriptionWithPlan(result.id)) })
}
