/**
 * Server API keys (`aic_sk_…`): create, revoke, list with their spend, and authenticate a
 * request's key. Other domains import from here, never from a file inside.
 */
export * from "./steps"
export * from "./workflows"
export { authenticateServerApiKey } from "./authenticate"
export { listServerApiKeys, serializeServerApiKey } from "./list"
export type { ServerApiKeyFilters } from "./list"
