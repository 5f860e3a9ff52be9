import type { AiCreditsLedgerOptions } from "./modules/ai-credits/options"
import type { StripeOptions } from "./modules/ai-credits-billing/options"
import type { AiCreditsGatewayOptions } from "./modules/ai-credits-gateway/options"
import type { AiCreditsGovernanceOptions } from "./modules/ai-credits-governance/options"

/**
 * The plugin options, as given in `medusa-config.ts`:
 * `plugins: [{ resolve: "medusa-ai-credits", options: { ... } }]`. Medusa gives every module of the
 * plugin all of them; each module validates its own part (the ledger: holds, overage, refunds...;
 * the gateway: `ai_providers`, `ai_modules`, `built_in_modules`, `rate_limits`; billing: `stripe`;
 * governance: `bulk_jobs`). Composed here only, for the app's config: no module imports it.
 */
export type AiCreditsOptions = AiCreditsLedgerOptions &
  AiCreditsGatewayOptions & {
    /** Stripe billing of plans and auto top-ups; read by the `ai_credits_billing` module. */
    stripe?: StripeOptions
  } & AiCreditsGovernanceOptions
