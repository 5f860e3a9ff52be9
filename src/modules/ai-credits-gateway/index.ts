import { Module } from "@medusajs/framework/utils"
import providersLoader from "./loaders/providers"
import AiCreditsGatewayModuleService from "./service"

export const AI_CREDITS_GATEWAY_MODULE = "ai_credits_gateway"

/**
 * The AI gateway: the store's AI modules, the providers that answer them (registered by the
 * providers loader under `aip_<id>`) and the rate limits of store AI requests. Credits themselves
 * only move through the `ai_credits` module.
 */
export default Module(AI_CREDITS_GATEWAY_MODULE, {
  service: AiCreditsGatewayModuleService,
  loaders: [providersLoader],
})

export { AiCreditsGatewayModuleService }
export { PROVIDER_FAILING_AFTER } from "./service"
export type { ProviderAlerts } from "./service"
export type { AiCreditsGatewayOptions } from "./options"
export * from "./types"
export * from "./providers"
