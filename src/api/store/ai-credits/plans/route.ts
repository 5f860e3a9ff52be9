import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"
import { serializePlan } from "../../../admin/ai-credits/plans/serializers"

/** The plans on sale online (active, billed through Stripe), by rank. */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const billing: AiCreditsBillingModuleService = req.scope.resolve(AI_CREDITS_BILLING_MODULE)
  const plans = await billing.listAiCreditPlans(
    { is_active: true, billing: "stripe" },
    { order: { rank: "ASC", monthly_credits: "ASC" }, take: 100 }
  )
  res.json({
    plans: plans.map((plan) => {
      const { stripe_price_id: _price, ...shown } = serializePlan(plan)
      return shown
    }),
  })
}
