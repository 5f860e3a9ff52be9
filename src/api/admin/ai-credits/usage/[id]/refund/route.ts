import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../../modules/ai-credits/service"
import { shortBalance } from "../../../../../../modules/ai-credits/policy"
import { withCreditErrors } from "../../../../../utils/credit-errors"
import type { AdminRefundUsageType } from "../../../validators"

/** An admin gives back the credits of a bad AI result (no window or cap applies). */
export const POST = withCreditErrors(
  async (req: AuthenticatedMedusaRequest<AdminRefundUsageType>, res: MedusaResponse) => {
    const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
    const result = await credits.refundUsage({
      usage_event_id: req.params.id,
      reason: req.validatedBody.reason,
      actor: { type: "user", id: req.auth_context.actor_id },
    })
    res.json({ usage_event: result.usage_event, refund: { credits: result.refunded_credits }, balance: shortBalance(result.balance) })
  }
)
