import type { AuthenticatedMedusaRequest, MedusaResponse, MedusaStoreRequest } from "@medusajs/framework/http"
import { publicUsageEvent } from "../../../utils/serializers"
import { MedusaError } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import { isCreditError } from "../../../../modules/ai-credits/errors"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import {
  actorOf,
  contextOf,
  enforceRateLimits,
  notifyQuotaOver,
  quotaRefusal,
  quotasOf,
  moduleFor,
  perRequestMaximum,
  resolvePayers,
  scopedKey,
  visibleBalance,
} from "../../../../lib/metering"
import { storeCaller } from "../../../utils/callers"
import { idempotencyKeyHeader, noteRateLimit, withCreditErrors } from "../../../utils/credit-errors"
import type { StoreListUsageType, StoreRecordUsageType } from "../validators"

/**
 * Authorize and capture in one call, when the widget already knows what the request used.
 * `Idempotency-Key` is required: a retry must never charge twice. The usage comes from a browser,
 * so it may cost no more than one request of the module's per-request maximum.
 */
export const POST = withCreditErrors(async (req: MedusaStoreRequest<StoreRecordUsageType>, res: MedusaResponse) => {
  const key = idempotencyKeyHeader(req)
  if (!key) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The Idempotency-Key header is required")
  }
  const body = req.validatedBody
  const caller = storeCaller(req, body.visitor_id)
  const config = await moduleFor(req.scope, body.module, body.model)
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const payers = await resolvePayers(req.scope, caller)
  const idempotencyKey = scopedKey(caller, key)!
  // A retry of a charge already made gets its stored answer, even while its caller cools down,
  // and does not use up the caller's allowance.
  if (!(await credits.hasReservationWithKey(payers, idempotencyKey))) {
    noteRateLimit(res, await enforceRateLimits(req.scope, caller, body))
  }
  const quotas = await quotasOf(req.scope, caller, config.id)
  const result = await credits
    .chargeCredits({
      payers,
      quotas,
      module: config.id,
      provider: config.provider,
      model: body.model ?? config.model,
      usage: body.usage,
      idempotency_key: idempotencyKey,
      actor: actorOf(caller),
      context: await contextOf(req.scope, caller, body),
      output_type: body.output_type,
      latency_ms: body.latency_ms,
      metadata: body.metadata ?? null,
      max_usage: perRequestMaximum(config),
    })
    .catch(async (error) => {
      throw isCreditError(error) && error.code === "quota_exceeded"
        ? await quotaRefusal(req.scope, caller, error, quotas, config.id)
        : error
    })
  await notifyQuotaOver(req.scope, result.quota_over)
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
