/**
 * Metering: one entry per use case, each building the caller's context once and leaving the
 * decisions to the ledger module's policy (`modules/ai-credits/policy`).
 * - authorize: `authorizeAiRequest` (step: `authorizeAiRequestStep`, which releases on compensation)
 * - capture: `captureAiRequest` (step: `captureAiRequestStep`); release: `releaseAiRequest`
 * - charge known usage: `chargeAiUsage`
 * - invoke: `invokeAi`, streamed `streamAi`; around another plugin's AI call: `withAiCredits`
 * They are functions rather than workflows: the workflow engine costs more than the hot path they
 * run (measured by bench/entry-overhead.ts; see `authorizeAiRequest`).
 */
export * from "./types"
export * from "./steps"
export { authorizeAiRequest } from "./authorize"
export { captureAiRequest, releaseAiRequest } from "./settle"
export { chargeAiUsage } from "./charge"
export { invokeAi, streamAi } from "./invoke"
export type { InvokeAiInput, InvokeAiResult, StreamEvent } from "./invoke"
export { embedAi } from "./embed"
export type { EmbedAiInput, EmbedAiResult } from "./embed"
export { withAiCredits } from "./with-ai-credits"
export type { MeteredRun, RefusedFallback, WithAiCreditsResult } from "./with-ai-credits"
export { buildCallerContext } from "./caller-context"
export { moduleFor } from "./ai-modules"
export { listUpgradeOffers, clearUpgradeOffersCache } from "./upgrade-offers"
export { requestQuotaIncrease } from "./request-quota-increase"
