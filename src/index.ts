/**
 * The package root, `medusa-ai-credits`: what an app or another plugin imports in-process.
 * The storefront client is `medusa-ai-credits/client`, workflows and steps
 * `medusa-ai-credits/workflows`, the modules `medusa-ai-credits/modules/<name>`.
 */
export { withAiCredits } from "./workflows/metering"
export type { AuthorizeAiRequestInput, AuthorizeAiRequestOutcome, MeteredRun, WithAiCreditsResult } from "./workflows/metering"
export type { Caller } from "./modules/ai-credits/policy"
export type { AiCreditsOptions } from "./options"
export { AI_CREDITS_MODULE } from "./modules/ai-credits"
export { AI_CREDITS_ANALYTICS_MODULE } from "./modules/ai-credits-analytics"
export { AI_CREDITS_BILLING_MODULE } from "./modules/ai-credits-billing"
export { AI_CREDITS_GOVERNANCE_MODULE } from "./modules/ai-credits-governance"
export { AI_CREDITS_GATEWAY_MODULE } from "./modules/ai-credits-gateway"
