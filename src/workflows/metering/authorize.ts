import type { MedusaContainer } from "@medusajs/framework/types"
import type { AiModuleConfig } from "../../modules/ai-credits-gateway"
import { CreditError } from "../../modules/ai-credits/errors"
import {
  actorOf,
  affordableOutputLimit,
  assertContextOf,
  assertServerKeyAllows,
  CallerContext,
  cheaperModelRefused,
  cheaperRouteOf,
  estimateFor,
  fallbackChoice,
  fallbackFor,
  insufficientCredits,
  isCreditShortage,
  payersOf,
  refusalHandling,
  requestContextOf,
  scopedKey,
  untrustedEstimateFor,
} from "../../modules/ai-credits/policy"
import type { PayerRef, ReservationResult, UsageInput } from "../../modules/ai-credits/service"
import type { WalletBalance } from "../../modules/ai-credits/types"
import { assertModuleAccess } from "../governance"
import { creditsService, enforceRateLimits, moduleFor } from "./ai-modules"
import { buildCallerContext } from "./caller-context"
import { notifyQuotaOver, quotaRefusal, quotasOf } from "./quotas"
import type { AuthorizeAiRequestInput, AuthorizeAiRequestOutcome } from "./types"
import { listUpgradeOffers } from "./upgrade-offers"

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never
type Attempt = (provider: string, model: string, estimate?: Required<UsageInput>) => Promise<ReservationResult>

/**
 * Holds credits for an AI request: picks the module's provider and model, finds the payer, prices
 * the estimate and holds it. When the payer cannot pay, the module's fallback decides: a cheaper
 * model, a `fallback` decision for the widget's non-AI path, or a 402 (with packs on sale for
 * `upgrade_prompt`). `context` is the caller's, when the caller has built it already (another caller's throws).
 *
 * The one entry of authorization (routes, steps, the gateway, bulk jobs, `withAiCredits`). A plain
 * function, not a workflow: it is the storefront's hot path. Measured by bench/entry-overhead.ts
 * (300 authorize + capture pairs, one at a time, local PostgreSQL, 2 shared CPUs under load):
 * median 21.3 ms a pair through the functions, 26.4 ms through a workflow wrapping each in a step,
 * +5.0 ms (~24%); p95 48.2 vs 56.7 ms (an earlier, busier run: 37.3 vs 44.5 ms). Workflows that need compensation (release) use
 * `authorizeAiRequestStep`, which wraps this function.
 */
export async function authorizeAiRequest(
  container: MedusaContainer,
  input: AuthorizeAiRequestInput,
  context?: CallerContext
): Promise<AuthorizeAiRequestOutcome> {
  if (context) {
    assertContextOf(context, input.caller)
  }
  const moduleConfig = await moduleFor(container, input.module, input.model)
  if (input.caller.api_key) {
    assertServerKeyAllows(input.caller.api_key, moduleConfig.id, input.model ?? moduleConfig.model)
  }
  const caller = context ?? (await buildCallerContext(container, input.caller))
  if (input.caller.user_id) {
    await assertModuleAccess(container, input.caller.user_id, moduleConfig.id, "requests", caller.admin_roles)
  }
  const payers: PayerRef[] = input.wallet_id ? [{ wallet_id: input.wallet_id }] : payersOf(caller)
  const idempotencyKey = input.idempotency_key ? scopedKey(input.caller, input.idempotency_key) : undefined
  const credits = creditsService(container)
  // A retry of a request already answered gets its stored answer (below), even while its caller
  // cools down, and does not use up the caller's allowance. (Admin users have no rate limits.)
  const replay = !input.caller.user_id && idempotencyKey !== undefined && (await credits.hasReservationWithKey(payers, idempotencyKey))
  const rateLimit = replay ? null : await enforceRateLimits(container, input.caller, input)
  const config = { ...moduleConfig, fallback: fallbackFor(moduleConfig.fallback, caller.standing) }
  const estimate = input.untrusted ? untrustedEstimateFor(config, input.estimate) : estimateFor(config, input.estimate)
  const quotas = await quotasOf(container, caller, config.id)
  const requestContext = requestContextOf(caller, input)
  const attempt: Attempt = (provider, model, held = estimate) =>
    credits.authorizeCredits({
      quotas,
      payers,
      module: config.id,
      provider,
      model,
      estimate: held,
      idempotency_key: idempotencyKey,
      actor: actorOf(input.caller),
      context: requestContext,
      metadata: input.metadata ?? null,
    })

  const model = input.model ?? config.model
  try {
    const result = await attempt(config.provider, model)
    await notifyQuotaOver(container, result.quota_over)
    return { decision: "allow", result, module: config, provider: config.provider, model, fallback: null, rate_limit: rateLimit }
  } catch (error) {
    if (!(error instanceof CreditError)) {
      throw error
    }
    switch (refusalHandling(error)) {
      case "replay":
        return { ...(await replayCheaperModel(config, model, error, attempt)), rate_limit: rateLimit }
      case "quota":
        throw await quotaRefusal(container, caller, error, quotas, config.id)
      case "fallback": {
        const limit = input.shrinkable_output ? affordableOutputLimit(error, config.shrink_to_balance) : null
        const shrunk = limit === null ? null : await shrinkToBalance(config, model, estimate, limit, attempt)
        if (shrunk) {
          await notifyQuotaOver(container, shrunk.result.quota_over)
          return { ...shrunk, rate_limit: rateLimit }
        }
        return { ...(await applyFallback(container, config, model, error, attempt)), rate_limit: rateLimit }
      }
      default:
        throw error
    }
  }
}

/**
 * `shrink_to_balance`: holds the estimate with the output the payer affords (under the request's
 * own key: its first attempt was refused). Null when that is refused too (the balance moved), so
 * that the fallback answers.
 */
async function shrinkToBalance(
  config: AiModuleConfig,
  model: string,
  estimate: Required<UsageInput>,
  outputLimit: number,
  attempt: Attempt
): Promise<DistributiveOmit<Extract<AuthorizeAiRequestOutcome, { decision: "allow" }>, "rate_limit"> | null> {
  try {
    const result = await attempt(config.provider, model, { ...estimate, output_tokens: outputLimit })
    return { decision: "allow", result, module: config, provider: config.provider, model, fallback: null, output_limit: outputLimit }
  } catch (error) {
    if (isCreditShortage(error)) {
      return null
    }
    throw error
  }
}

async function applyFallback(
  container: MedusaContainer,
  config: AiModuleConfig,
  model: string,
  refusal: CreditError,
  attempt: Attempt
): Promise<DistributiveOmit<AuthorizeAiRequestOutcome, "rate_limit">> {
  let choice = fallbackChoice(config.fallback, { provider: config.provider, model })
  if (choice.kind === "cheaper_model") {
    try {
      // Under the request's own key (its first attempt was refused, so the key is free): a retry
      // then finds this hold instead of taking a second one (see replayCheaperModel).
      const result = await attempt(choice.provider, choice.model)
      return cheaperModelOutcome(config, model, choice, result)
    } catch (error) {
      if (!isCreditShortage(error)) {
        throw error
      }
      choice = cheaperModelRefused(config.fallback)
    }
  }
  if (choice.kind === "degrade") {
    const balance = (refusal.details.balance as WalletBalance | undefined) ?? null
    return { decision: "fallback", fallback: { type: "degrade", message: choice.message }, balance }
  }
  throw insufficientCredits(refusal, choice.fallback, choice.offers ? await listUpgradeOffers(container) : null)
}

function cheaperModelOutcome(config: AiModuleConfig, model: string, route: { provider: string; model: string }, result: ReservationResult) {
  return {
    decision: "allow" as const,
    result,
    module: config,
    provider: route.provider,
    model: route.model,
    fallback: { type: "cheaper_model" as const, from_model: model, to_model: route.model, message: config.fallback.message },
  }
}

/**
 * A retried request whose first try fell back to the cheaper model: its key holds the cheaper
 * model's authorization, so asking for the big model again conflicts. The retry gets the first
 * answer back; any other conflict stands.
 */
async function replayCheaperModel(config: AiModuleConfig, model: string, conflict: CreditError, attempt: Attempt) {
  const cheaper = cheaperRouteOf(config.fallback, config.provider, model)
  if (!cheaper) {
    throw conflict
  }
  const result = await attempt(cheaper.provider, cheaper.model).catch(() => {
    throw conflict
  })
  return cheaperModelOutcome(config, model, cheaper, result)
}
