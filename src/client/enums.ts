/**
 * The enumerations shared by the server, the admin and the storefront client, each defined once.
 * Dependency-free (the client is built from `src/client` alone): each module's `types.ts`
 * re-exports the ones it owns, and server code imports them from there.
 */

// ---- core ----

// ---- billing ----

// ---- gov ----

// ---- gw ----
/** What happens when the payer cannot pay: a cheaper model, the widget's non-AI path, a refusal, or an upgrade offer. */
export const FALLBACK_TYPES = ["cheaper_model", "degrade", "disable", "upgrade_prompt"] as const
export type FallbackType = (typeof FALLBACK_TYPES)[number]

/** The kinds of AI provider a store can configure under `ai_providers`. */
export const AI_PROVIDER_TYPES = ["local", "openai-compatible"] as const
export type AiProviderType = (typeof AI_PROVIDER_TYPES)[number]

/** Whose requests a rate-limit rule counts together. */
export const RATE_LIMIT_SCOPES = ["customer", "visitor", "ip", "publishable_key"] as const
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number]

/** When the rate limiter's Redis is unreachable: let requests through, or refuse them. */
export const RATE_LIMIT_FAILURE_MODES = ["open", "closed"] as const
export type RateLimitFailureMode = (typeof RATE_LIMIT_FAILURE_MODES)[number]

// ---- admin ----
