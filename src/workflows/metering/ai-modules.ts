import type { MedusaContainer } from "@medusajs/framework/types"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import { AI_CREDITS_GATEWAY_MODULE } from "../../modules/ai-credits-gateway"
import type { AiModuleConfig } from "../../modules/ai-credits-gateway"
import type AiCreditsGatewayModuleService from "../../modules/ai-credits-gateway/service"
import { CreditError } from "../../modules/ai-credits/errors"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import type { Caller } from "../../modules/ai-credits/policy"
import type { RateLimitNote } from "./types"

export function creditsService(container: MedusaContainer): AiCreditsModuleService {
  return container.resolve(AI_CREDITS_MODULE)
}

export function gatewayService(container: MedusaContainer): AiCreditsGatewayModuleService {
  return container.resolve(AI_CREDITS_GATEWAY_MODULE)
}

/** The AI module, refusing unknown and switched-off modules and models it does not allow. */
export async function moduleFor(container: MedusaContainer, moduleId: string, model?: string): Promise<AiModuleConfig> {
  const config = await gatewayService(container).getAiModule(moduleId)
  if (!config) {
    throw new CreditError("invalid_data", `Unknown AI module "${moduleId}"`)
  }
  if (!config.enabled) {
    throw new CreditError("not_allowed", `The AI module "${moduleId}" is switched off`, { reason: "module_disabled" })
  }
  if (model && !config.allowed_models.includes(model)) {
    throw new CreditError("invalid_data", `Model "${model}" is not allowed for the ${moduleId} module`, {
      allowed_models: config.allowed_models,
    })
  }
  return config
}

/**
 * Applies the store's rate limits, cooldowns and conversation limits to a storefront caller
 * (admin users are governed by their roles, not by these). Throws a 429 `rate_limited` refusal.
 */
export async function enforceRateLimits(
  container: MedusaContainer,
  caller: Caller,
  request: { module: string; conversation_id?: string | null }
): Promise<RateLimitNote> {
  if (caller.user_id) {
    return null
  }
  const decision = await gatewayService(container).checkRateLimits({
    module: request.module,
    customer_id: caller.customer_id,
    visitor_id: caller.visitor_id,
    ip: caller.ip,
    publishable_key: caller.publishable_key,
    conversation_id: request.conversation_id,
    api_key: caller.api_key ? { id: caller.api_key.id, per_minute: caller.api_key.rate_limit_per_minute } : null,
  })
  if (decision.allowed) {
    return decision.degraded ? { degraded: true, failure_mode: "open" } : null
  }
  const code = decision.reason === "limiter_unavailable" ? "rate_limiter_unavailable" : "rate_limited"
  throw new CreditError(code, decision.message, {
    reason: decision.reason,
    retry_after_s: decision.retry_after_s,
    ...(decision.rule ? { rule: decision.rule } : {}),
  })
}
