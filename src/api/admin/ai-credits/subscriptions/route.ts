import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"
import type { SubscriptionRecord } from "../../../../modules/ai-credits-billing/types"
import { serializeSubscription } from "../plans/serializers"
import type { AdminListSubscriptionsType } from "../plans/validators"

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
    subscriptions: (subscriptions as unknown as SubscriptionRecord[]).map(serializeSubscription),
    count,
    offset: skip,
    limit: take,
  })
}
