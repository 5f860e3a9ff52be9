import type { MedusaContainer } from "@medusajs/framework/types"
import { CreditError } from "../../modules/ai-credits/errors"
import { actorOf, actorScopeOf, Caller, withRetryAfter } from "../../modules/ai-credits/policy"
import type { CaptureResult } from "../../modules/ai-credits/service"
import { creditsService, gatewayService } from "./ai-modules"
import type { CaptureAiRequestInput } from "./types"

/**
 * Charges what the request really used, priced at the authorization's rate card. The one entry
 * of capture; a plain function for the reason given at `authorizeAiRequest`.
 */
export async function captureAiRequest(container: MedusaContainer, input: CaptureAiRequestInput): Promise<CaptureResult> {
  const service = creditsService(container)
  const margins = input.untrusted
    ? Object.fromEntries((await gatewayService(container).listAiModules()).filter((m) => m.capture_margin > 0).map((m) => [m.id, m.capture_margin]))
    : undefined
  return service
    .captureCredits({
      hold_limit: margins ? { margins } : undefined,
      // A server API key may charge above its hold, but never past its monthly credit limit.
      refuse_over_quota: input.untrusted || input.refuse_over_quota || Boolean(input.caller.api_key),
      reservation_id: input.authorization_id,
      actor_scope: actorScopeOf(input.caller),
      usage: input.usage,
      provider: input.provider,
      model: input.model,
      allow_model_change: input.allow_model_change,
      output_type: input.output_type,
      latency_ms: input.latency_ms,
      actor: actorOf(input.caller),
      metadata: input.metadata ?? null,
    })
    .catch((error) => {
      throw error instanceof CreditError && error.code === "quota_exceeded" ? withRetryAfter(error) : error
    })
}

/** Gives an authorization's hold back; only its own caller may. The one entry of release. */
export async function releaseAiRequest(container: MedusaContainer, caller: Caller, authorizationId: string) {
  return creditsService(container).releaseCredits({
    reservation_id: authorizationId,
    actor_scope: actorScopeOf(caller),
    actor: actorOf(caller),
  })
}
