import type { AuthenticatedMedusaRequest, MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import { visibleBalance } from "../../../../modules/ai-credits/policy"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import { chargeAiUsage } from "../../../../workflows/metering"
import { storeCaller } from "../../../utils/callers"
import { idempotencyKeyHeader, noteRateLimit, withCreditErrors } from "../../../utils/credit-errors"
import { publicUsageEvent } from "../../../utils/serializers"
import type { StoreListUsageType, StoreRecordUsageType } from "../validators"

/**
 * Authorize and capture in one call, when the widget already knows what the request used.
 * `Idempotency-Key` is required: a retry must never charge twice.
 */
export const POST = withCreditErrors(async (req: MedusaStoreRequest<StoreRecordUsageType>, res: MedusaResponse) => {
  const key = idempotencyKeyHeader(req)
  if (!key) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The Idempotency-Key header is required")
  }
  const caller = storeCaller(req, req.validatedBody.visitor_id)
  const result = await chargeAiUsage(req.scope, { ...req.validatedBody, caller, idempotency_key: key }, (note) => noteRateLimit(res, note))
  res.json({ usage_event: publicUsageEvent(result.usage_event), balance: visibleBalance(caller, result.balance) })
})

/** The logged-in customer's own usage, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreListUsageType>, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const { skip, take } = req.queryConfig.pagination
  const [events, count] = await credits.listAndCountAiCreditUsageEvents(
    { customer_id: req.auth_context.actor_id },
    { skip, take, order: { created_at: "DESC", id: "DESC" } }
  )
  res.json({ usage_events: events.map(publicUsageEvent), count, offset: skip, limit: take })
}
