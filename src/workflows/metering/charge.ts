import type { MedusaContainer } from "@medusajs/framework/types"
import { isCreditError } from "../../modules/ai-credits/errors"
import { actorOf, assertServerKeyAllows, payersOf, perRequestMaximum, requestContextOf, scopedKey } from "../../modules/ai-credits/policy"
import { creditsService, enforceRateLimits, moduleFor } from "./ai-modules"
import { buildCallerContext } from "./caller-context"
import { notifyQuotaOver, quotaRefusal, quotasOf } from "./quotas"
import type { ChargeAiUsageInput, RateLimitNote } from "./types"

/**
 * Authorizes and captures in one call usage a storefront already knows. Usage from a browser may
 * cost no more than one request of the module's per-request maximum; a server API key's is
 * charged as reported, within the key's monthly credit limit.
 * `onRateLimit` hears whether rate limits were checked as soon as they were (before the charge,
 * so a route can say it also when the charge is then refused).
 */
export async function chargeAiUsage(
  container: MedusaContainer,
  input: ChargeAiUsageInput,
  onRateLimit: (note: RateLimitNote) => void = () => undefined
) {
  const config = await moduleFor(container, input.module, input.model)
  const key = input.caller.api_key
  if (key) {
    assertServerKeyAllows(key, config.id, input.model ?? config.model)
  }
  const context = await buildCallerContext(container, input.caller)
  const credits = creditsService(container)
  const payers = payersOf(context)
  const idempotencyKey = scopedKey(input.caller, input.idempotency_key)
  // A retry of a charge already made gets its stored answer, even while its caller cools down,
  // and does not use up the caller's allowance.
  if (!(await credits.hasReservationWithKey(payers, idempotencyKey))) {
    onRateLimit(await enforceRateLimits(container, input.caller, input))
  }
  const quotas = await quotasOf(container, context, config.id)
  const result = await credits
    .chargeCredits({
      payers,
      quotas,
      module: config.id,
      provider: config.provider,
      model: input.model ?? config.model,
      usage: input.usage,
      idempotency_key: idempotencyKey,
      actor: actorOf(input.caller),
      context: requestContextOf(context, input),
      output_type: input.output_type,
      latency_ms: input.latency_ms,
      metadata: input.metadata ?? null,
      max_usage: key ? undefined : perRequestMaximum(config),
    })
    .catch(async (error) => {
      throw isCreditError(error) && error.code === "quota_exceeded" ? await quotaRefusal(container, context, error, quotas, config.id) : error
    })
  await notifyQuotaOver(container, result.quota_over)
  return result
}
