/** The gateway's enumerations, defined once in the dependency-free client types (shared with the admin and the client). */
export {
  AI_PROVIDER_TYPES,
  FALLBACK_TYPES,
  RATE_LIMIT_FAILURE_MODES,
  RATE_LIMIT_SCOPES,
} from "../../client/enums"
export type { AiProviderType, FallbackType, RateLimitFailureMode, RateLimitScope } from "../../client/enums"
export type { AiModuleConfig } from "./catalog"
export type { RateLimitDecision, RateLimitRequest } from "./rate-limit/limiter"
