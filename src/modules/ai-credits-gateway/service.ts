import type { Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { AiModuleConfig, resolveAiModules } from "./catalog"
import { aiProviderKey } from "./loaders/providers"
import { ResolvedGatewayOptions, resolveGatewayOptions } from "./options"
import { AiProvider, AiProviderError } from "./providers"
import { RateLimitDecision, RateLimiter, RateLimitRequest } from "./rate-limit/limiter"
import { MemoryRateLimitStore, RedisRateLimitStore } from "./rate-limit/store"

/** Failures of one provider in a row (within the window) that open its `provider_failing` alert. */
export const PROVIDER_FAILING_AFTER = 3
const PROVIDER_FAILING_WINDOW_MS = 10 * 60_000

/**
 * Where a provider's failures are reported to the admin: the `ai_credits` module's alerts (passed
 * in by the caller, so this module needs no other module).
 */
export type ProviderAlerts = {
  raiseAlert(input: {
    type: string
    severity: "info" | "warning" | "critical"
    message: string
    dedupe_key: string
    data: Record<string, unknown>
  }): Promise<unknown>
  resolveAlertByKey(dedupeKey: string): Promise<unknown>
}

type InjectedDependencies = {
  logger?: Logger
  configModule?: { projectConfig?: { redisUrl?: string } }
} & Record<string, unknown>

/**
 * The AI gateway: the store's AI modules (catalog), the AI providers that answer them, and the
 * rate limits in front of every store AI request. It keeps no tables: the catalog comes from the
 * options (held in memory), the providers from the module container (see loaders/providers.ts),
 * the rate-limit counters from Redis or this process.
 */
export default class AiCreditsGatewayModuleService {
  protected readonly container_: InjectedDependencies
  protected readonly options_: ResolvedGatewayOptions
  protected readonly aiModules_: Map<string, AiModuleConfig>
  protected readonly providers_ = new Map<string, AiProvider>()
  /** Per provider, this process's failures since its last success. */
  protected readonly providerFailures_ = new Map<string, { count: number; since: number }>()
  protected readonly logger_?: Logger
  /** Medusa's own `projectConfig.redisUrl`: the rate limiter's Redis unless `rate_limits.redis_url` names one. */
  protected readonly appRedisUrl_?: string
  protected rateLimiter_?: RateLimiter

  constructor(container: InjectedDependencies, options: unknown) {
    this.container_ = container
    this.options_ = resolveGatewayOptions(options)
    this.aiModules_ = resolveAiModules(this.options_)
    this.logger_ = container.logger
    this.appRedisUrl_ = container.configModule?.projectConfig?.redisUrl || undefined
  }

  __hooks = {
    onApplicationShutdown: async () => {
      await this.rateLimiter_?.close()
    },
  }

  get options(): ResolvedGatewayOptions {
    return this.options_
  }

  /** The store's AI modules (built-in and custom) with their provider, models and fallback. */
  async listAiModules(): Promise<AiModuleConfig[]> {
    return [...this.aiModules_.values()]
  }

  /** One AI module's settings, or undefined for an unknown module. */
  async getAiModule(id: string): Promise<AiModuleConfig | undefined> {
    return this.aiModules_.get(id)
  }

  /** The provider configured under `id` (`local` is always there), created on first use. */
  async getAiProvider(id: string): Promise<AiProvider> {
    let provider = this.providers_.get(id)
    if (!provider) {
      const key = aiProviderKey(id)
      if (!Object.keys(this.container_).includes(key)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `Unknown AI provider "${id}"`)
      }
      provider = this.container_[key] as AiProvider
      this.providers_.set(id, provider)
    }
    return provider
  }

  /**
   * Checks (and counts) a store request against the rate limits, cooldowns and conversation
   * limits of the plugin options. Counters live in Redis when `rate_limits.redis_url` (or else
   * Medusa's `projectConfig.redisUrl`) is set, so every server shares them; in this process otherwise.
   */
  async checkRateLimits(request: RateLimitRequest): Promise<RateLimitDecision> {
    if (!this.rateLimiter_) {
      const redis_url = this.options_.rate_limits.redis_url ?? this.appRedisUrl_
      const store = redis_url ? new RedisRateLimitStore(redis_url) : new MemoryRateLimitStore()
      this.rateLimiter_ = new RateLimiter(this.options_.rate_limits, store, this.logger_)
    }
    return await this.rateLimiter_.check(request)
  }

  /**
   * How a provider call ended. A failure is logged (provider, status, cause; never the API key),
   * and failures in a row open one `provider_failing` alert for the admin (a repeat counts an
   * occurrence); the next success resolves it.
   */
  async noteProviderOutcome(alerts: ProviderAlerts, providerId: string, error?: unknown): Promise<void> {
    const state = this.providerFailures_.get(providerId)
    if (error === undefined) {
      if (state) {
        this.providerFailures_.delete(providerId)
        await alerts.resolveAlertByKey(`provider_failing:${providerId}`).catch((e: Error) =>
          this.logger_?.warn(`ai-credits: could not resolve the provider_failing alert of "${providerId}": ${e.message}`)
        )
      }
      return
    }
    const status = error instanceof AiProviderError ? error.status : undefined
    const cause = this.withoutSecrets_(providerId, error instanceof Error ? error.message : String(error))
    this.logger_?.warn(`ai-credits: provider "${providerId}" failed (status ${status ?? "none"}): ${cause}`)
    const now = Date.now()
    const failures = state && now - state.since < PROVIDER_FAILING_WINDOW_MS ? { count: state.count + 1, since: state.since } : { count: 1, since: now }
    this.providerFailures_.set(providerId, failures)
    if (failures.count % PROVIDER_FAILING_AFTER === 0) {
      await alerts.raiseAlert({
        type: "provider_failing",
        severity: "critical",
        message: `The AI provider "${providerId}" failed ${failures.count} times in a row; last: ${cause}`,
        dedupe_key: `provider_failing:${providerId}`,
        data: { provider: providerId, status: status ?? null, failures: failures.count, last_error: cause },
      }).catch((e: Error) => this.logger_?.warn(`ai-credits: could not raise the provider_failing alert of "${providerId}": ${e.message}`))
    }
  }

  /** A provider's error text without its configured API key or header values. */
  protected withoutSecrets_(providerId: string, text: string): string {
    const config = this.options_.ai_providers[providerId]
    const secrets = config?.type === "openai-compatible" ? [config.api_key, ...Object.values(config.headers ?? {})] : []
    return secrets.reduce<string>((out, secret) => (secret && secret.length >= 4 ? out.split(secret).join("[redacted]") : out), text)
  }
}
