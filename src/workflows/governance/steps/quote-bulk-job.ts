import { MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { AdminBulkJobQuote } from "../../../client/types"
import { moduleFor } from "../../metering"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import { CreditError } from "../../../modules/ai-credits/errors"
import { estimateChatTokens } from "../../../modules/ai-credits-gateway"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { BulkPace } from "../../../modules/ai-credits-governance/types"

/** bignumber.js's ROUND_CEIL: each item costs its priced usage rounded up, as the ledger charges. */
const ROUND_CEIL = 2

export type BulkItemInput = { prompt: string; reference?: string | null }

/** The quote as the admin API answers it. */
export type BulkJobQuote = AdminBulkJobQuote

/** What the quote needs of the AI module: its model and largest answer. */
export type BulkQuoteModule = { id: string; provider: string; model: string; max_output_tokens: number }

/** The rates of a price version the quote reads (exact decimals, as the ledger stores them). */
export type BulkQuoteRates = {
  credits_per_1k_input_tokens?: number | string | null
  credits_per_1k_output_tokens?: number | string | null
  credits_per_request?: number | string | null
}

/**
 * What a bulk job is expected to cost before it starts: each item's prompt tokens and the module's
 * largest answer, at the model's current rates, rounded up per item as the ledger charges.
 */
export function quoteBulkItems(config: BulkQuoteModule, rates: BulkQuoteRates, pace: BulkPace, items: BulkItemInput[]): BulkJobQuote {
  const rate = (value: number | string | null | undefined) => MathBN.convert(value ?? 0)
  const perItem = items.map((item) => {
    const input = estimateChatTokens([{ role: "user", content: item.prompt }])
    return MathBN.sum(
      MathBN.div(MathBN.mult(input, rate(rates.credits_per_1k_input_tokens)), 1000),
      MathBN.div(MathBN.mult(config.max_output_tokens, rate(rates.credits_per_1k_output_tokens)), 1000),
      rate(rates.credits_per_request)
    )
      .integerValue(ROUND_CEIL)
      .toNumber()
  })
  const total = perItem.reduce((sum, n) => sum + n, 0)
  return {
    module: config.id,
    provider: config.provider,
    model: config.model,
    items: items.length,
    estimated_credits_per_item: items.length ? Math.ceil(total / items.length) : 0,
    estimated_credits: total,
    pace,
  }
}

/**
 * Quotes a bulk job: the module (known and switched on), its model's default price (`not_priced`
 * without one) and its pace. Reads only: no compensation.
 */
export const quoteBulkJobStep = createStep(
  "ai-credits-quote-bulk-job",
  async (input: { module: string; items: BulkItemInput[] }, { container }) => {
    const config = await moduleFor(container, input.module)
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const [price] = await credits.listAiCreditPrices(
      { provider: config.provider, model: config.model, scope_type: "default", superseded_at: null },
      { take: 1 }
    )
    if (!price) {
      throw new CreditError("not_priced", `No price is set for ${config.provider}/${config.model}`, {
        provider: config.provider,
        model: config.model,
      })
    }
    const pace = await governanceService(container).bulkPaceOf(config.id)
    return new StepResponse(quoteBulkItems(config, price, pace, input.items))
  }
)
