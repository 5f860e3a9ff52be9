import { model } from "@medusajs/framework/utils"

/**
 * The sums every rollup row carries. Counts of requests fit PostgreSQL integers; tokens, credits
 * and the provider's cost are exact numerics (`bigNumber`), since a month of a busy store's
 * tokens overflows a 32-bit integer and money must never be a float.
 *
 * `requests` counts metered AI requests (usage events); `refunded_*` the part of them whose
 * result was rejected and whose credits were given back.
 */
export const rollupMetrics = () => ({
  requests: model.number().default(0),
  refunded_requests: model.number().default(0),
  images: model.number().default(0),
  input_tokens: model.bigNumber().default(0),
  output_tokens: model.bigNumber().default(0),
  credits: model.bigNumber().default(0),
  refunded_credits: model.bigNumber().default(0),
  /** What the providers charged the merchant, in `currency_code` (the rate card's currency). */
  provider_cost: model.bigNumber().default(0),
})

/** Integer counters of a rollup row (PostgreSQL integer columns). */
export const INTEGER_METRICS = ["requests", "refunded_requests", "images"] as const
/** Exact numeric counters of a rollup row (each with its `raw_` twin that Medusa's bigNumber keeps). */
export const NUMERIC_METRICS = ["input_tokens", "output_tokens", "credits", "refunded_credits", "provider_cost"] as const
export const METRICS = [...INTEGER_METRICS, ...NUMERIC_METRICS] as const
export type Metric = (typeof METRICS)[number]
