/**
 * Every public entry point of the installed package, as a store's TypeScript imports them.
 * public-api.spec.ts runs `tsc -p .` on this folder: an entry point without declarations fails
 * with TS7016, and each `@ts-expect-error` below fails if a declaration degrades to `any`.
 */
import type { MedusaContainer } from "@medusajs/framework/types"
import {
  AI_CREDITS_ANALYTICS_MODULE,
  AI_CREDITS_BILLING_MODULE,
  AI_CREDITS_GATEWAY_MODULE,
  AI_CREDITS_GOVERNANCE_MODULE,
  AI_CREDITS_MODULE,
  withAiCredits,
  type AiCreditsOptions,
  type WithAiCreditsResult,
} from "medusa-ai-credits"
import { createAiCreditsClient, isAiCreditsApiError, type AiCreditsClient } from "medusa-ai-credits/client"
import {
  adjustWalletCreditsWorkflow,
  authorizeAiRequestStep,
  captureAiRequestStep,
  debitCreditsStep,
  grantCreditsStep,
  transferCreditsStep,
} from "medusa-ai-credits/workflows"
import AiCreditsModule, { AiCreditsModuleService } from "medusa-ai-credits/modules/ai-credits"
import AiCreditsAnalyticsModule from "medusa-ai-credits/modules/ai-credits-analytics"
import AiCreditsBillingModule from "medusa-ai-credits/modules/ai-credits-billing"
import AiCreditsGatewayModule from "medusa-ai-credits/modules/ai-credits-gateway"
import AiCreditsGovernanceModule from "medusa-ai-credits/modules/ai-credits-governance"
import adminExtensions from "medusa-ai-credits/admin"

export const moduleNames: string[] = [AI_CREDITS_MODULE, AI_CREDITS_ANALYTICS_MODULE, AI_CREDITS_BILLING_MODULE, AI_CREDITS_GATEWAY_MODULE, AI_CREDITS_GOVERNANCE_MODULE]
export const modules = [AiCreditsModule, AiCreditsAnalyticsModule, AiCreditsBillingModule, AiCreditsGatewayModule, AiCreditsGovernanceModule]
export const steps = [authorizeAiRequestStep, captureAiRequestStep, grantCreditsStep, debitCreditsStep, transferCreditsStep]
export const workflows = [adjustWalletCreditsWorkflow]
export const admin = adminExtensions
export type Service = AiCreditsModuleService

export const client: AiCreditsClient = createAiCreditsClient({ baseUrl: "http://localhost:9000", publishableKey: "pk_test" })
export const isApiError: (error: unknown) => boolean = isAiCreditsApiError

export function seoTitle(container: MedusaContainer, userId: string): Promise<WithAiCreditsResult<string>> {
  return withAiCredits(container, { caller: { user_id: userId }, module: "seo" }, async () => ({
    result: "A title",
    usage: { input_tokens: 10, output_tokens: 5 },
  }))
}

// @ts-expect-error the options are typed: an unknown provider type is refused
export const wrongOptions: AiCreditsOptions = { ai_providers: { openai: { type: "not-a-provider-type" } } }

// @ts-expect-error the client is typed: a base URL is required
export const clientWithoutUrl = createAiCreditsClient({ publishableKey: "pk_test" })

// @ts-expect-error withAiCredits is typed: it needs a container, a request and a function
export const withoutRun = () => withAiCredits()
