import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { publicUsageEvent } from "../../../../../utils/serializers"
import { AI_CREDITS_MODULE } from "../../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../../modules/ai-credits/service"
import { visibleBalance } from "../../../../../../modules/ai-credits/policy"
import { withCreditErrors } from "../../../../../utils/credit-errors"
import type { StoreRejectUsageType } from "../../../validators"

/** The customer rejects a generated result; within the refund window its credits come back. */
export const POST = withCreditErrors(
  async (req: AuthenticatedMedusaRequest<StoreRejectUsageType>, res: MedusaResponse) => {
    const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
    const result = await credits.refundUsage({
      usage_event_id: req.params.id,
      reason: req.validatedBody.reason,
      customer_id: req.auth_context.actor_id,
      actor: { type: "customer", id: req.auth_context.actor_id },
    })
    res.json({
      usage_event: publicUsageEvent(result.usage_event),
      refund: { credits: result.refunded_credits },
      balance: visibleBalance({ customer_id: req.auth_context.actor_id }, result.balance),
    })
  }
)
