import type { UsageInput } from "../service"

/** What an AI module says about the size of its requests (see the gateway's module catalog). */
export type ModuleLimits = {
  estimate: Required<UsageInput>
  max_input_tokens: number
  max_output_tokens: number
  max_images: number
}

/**
 * The module's default estimate, with the caller's figures where given, output capped at the
 * module's maximum per request (a bulk job's batch holds several requests at once).
 */
export function estimateFor(config: ModuleLimits, estimate: UsageInput = {}): Required<UsageInput> {
  const requests = estimate.requests ?? config.estimate.requests
  return {
    input_tokens: estimate.input_tokens ?? config.estimate.input_tokens,
    output_tokens: Math.min(estimate.output_tokens ?? config.estimate.output_tokens, config.max_output_tokens * Math.max(requests, 1)),
    images: estimate.images ?? config.estimate.images,
    requests,
  }
}

/**
 * The most one request of the module may use: the usage a storefront may hold for or report at
 * once. Reported usage is compared by what it costs, so a request may read fewer tokens and write
 * more, or the other way round, as long as the whole costs no more.
 */
export function perRequestMaximum(config: ModuleLimits): Required<UsageInput> {
  return { input_tokens: config.max_input_tokens, output_tokens: config.max_output_tokens, images: config.max_images, requests: 1 }
}

/** A storefront's estimate, at most one request of the module's per-request maximum. */
export function untrustedEstimateFor(config: ModuleLimits, estimate: UsageInput = {}): Required<UsageInput> {
  const wanted = estimateFor(config, { ...estimate, requests: Math.min(estimate.requests ?? config.estimate.requests, 1) })
  const most = perRequestMaximum(config)
  return {
    input_tokens: Math.min(wanted.input_tokens, most.input_tokens),
    output_tokens: Math.min(wanted.output_tokens, most.output_tokens),
    images: Math.min(wanted.images, most.images),
    requests: wanted.requests,
  }
}
