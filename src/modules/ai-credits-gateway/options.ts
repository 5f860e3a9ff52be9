import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { AI_PROVIDER_TYPES, FALLBACK_TYPES, RATE_LIMIT_FAILURE_MODES, RATE_LIMIT_SCOPES } from "./types"

/** `"a" | "b"`: the allowed values, as an option error names them. */
function oneOf(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(" | ")
}

const id = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, "must be lower case letters, digits, - or _")
const modelName = z.string().trim().min(1).max(200)
const units = z.number().int().nonnegative().max(100_000_000)

const usageEstimate = z
  .object({ input_tokens: units, output_tokens: units, images: units, requests: units })
  .partial()
  .strict()

const fallback = z
  .object({
    /**
     * What happens when the payer cannot pay: re-route to a cheaper model that fits, answer
     * `decision: "fallback"` so the widget uses its non-AI path, refuse (402), or refuse with an
     * upgrade offer listing the credit packs on sale (402).
     */
    type: z.enum(FALLBACK_TYPES),
    /** For cheaper_model: the model (of the module's provider unless `provider` is set). */
    model: modelName.optional(),
    provider: id.optional(),
    message: z.string().max(500).optional(),
  })
  .strict()
  .refine((f) => f.type !== "cheaper_model" || Boolean(f.model), {
    message: "a cheaper_model fallback needs a model",
    path: ["model"],
  })

const aiModule = z
  .object({
    name: z.string().max(100).optional(),
    enabled: z.boolean().optional(),
    provider: id.optional(),
    model: modelName.optional(),
    /** Models a caller may ask for; the default model and the fallback model are always allowed. */
    allowed_models: z.array(modelName).max(100).optional(),
    max_output_tokens: z.number().int().positive().max(1_000_000).optional(),
    /**
     * The most input tokens one request may read. With `max_output_tokens` and `max_images` it is
     * the module's per-request maximum: what a storefront may hold for, or report in one
     * `POST /store/ai-credits/usage`.
     */
    max_input_tokens: z.number().int().positive().max(10_000_000).optional(),
    /** The most images one request may produce (see `max_input_tokens`). */
    max_images: z.number().int().nonnegative().max(10_000).optional(),
    /**
     * How much more than it held a storefront's capture may charge, as a fraction of the hold
     * (0.2: up to 20% more, rounded down to whole credits). Default 0: at most the hold. Trusted
     * callers (admin users, in-process code) are not limited by it.
     */
    capture_margin: z.number().min(0, "must be at least 0").max(10, "must be at most 10").optional(),
    /** What a request is assumed to use when the caller gives no estimate. */
    estimate: usageEstimate.optional(),
    fallback: fallback.optional(),
    /**
     * When the payer holds less than a gateway request's estimate but enough for a shorter answer:
     * lower the request's output limit to what the payer's available credits afford (the request
     * then costs at most that), instead of the fallback. Default false: the fallback applies, and
     * a 402 says what the smallest request costs.
     */
    shrink_to_balance: z.boolean().optional(),
    /**
     * Providers (and models) to try in turn when the module's provider fails: the routing's
     * fallback chain. Give each a price, or it is charged at the original model's price.
     */
    failover: z
      .array(z.object({ provider: id, model: modelName.optional() }).strict())
      .max(10)
      .optional(),
  })
  .strict()

const provider = z.discriminatedUnion("type", [
  z.object({ type: z.literal("local"), latency_ms: z.number().int().min(0).max(10_000).optional() }).strict(),
  z
    .object({
      type: z.literal("openai-compatible"),
      base_url: z.string().url("must be a URL such as https://api.openai.com/v1"),
      api_key: z.string().optional(),
      organization: z.string().min(1).optional(),
      model_map: z.record(z.string(), z.string()).optional(),
      timeout_ms: z.number().int().min(100).max(600_000).optional(),
      /** The SDK's retries with backoff (429, 5xx, network), before a stream's first token. */
      max_retries: z.number().int().min(0).max(10).optional(),
      headers: z.record(z.string(), z.string()).optional(),
      /** Azure OpenAI: base_url is the resource endpoint, model_map maps models to deployments. */
      azure: z.object({ api_version: z.string().min(1) }).strict().optional(),
    })
    .strict()
    .refine((config) => !config.azure || Boolean(config.api_key), { message: "azure needs an api_key", path: ["api_key"] }),
], {
  // Without it a wrong or missing `type` says only "Invalid input".
  error: (issue) => (issue.code === "invalid_union" ? `expected one of ${oneOf(AI_PROVIDER_TYPES)}` : undefined),
})

const rateLimitRule = z
  .object({
    /** Whose requests are counted together. */
    per: z.enum(RATE_LIMIT_SCOPES),
    /** Only this AI module's requests; every module when left out. */
    module: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/).optional(),
    limit: z.number().int().positive().max(10_000_000),
    window_seconds: z.number().int().min(1).max(31 * 86_400),
  })
  .strict()

/** Abuse protection in front of every store AI request. */
const rateLimits = z
  .object({
    /** Share counters across servers through Redis; in-process counters without it. */
    redis_url: z.string().url("must be a URL such as redis://localhost:6379").optional(),
    /** When Redis is unreachable: `open` lets requests through (and logs it), `closed` refuses them. */
    failure_mode: z.enum(RATE_LIMIT_FAILURE_MODES).default("open"),
    /**
     * How many proxies in front of the server append to `X-Forwarded-For`: the client's address, for
     * per-IP limits and guests without a visitor id, is that many hops back from the socket's. 0 when
     * clients connect directly (the header is then ignored), 1 behind one load balancer (Medusa's
     * own `trust proxy` setting), 2 behind a CDN and a load balancer. Too high a number lets a client
     * pick its own address.
     */
    trusted_proxy_hops: z.number().int().min(0).max(10).default(1),
    rules: z
      .array(rateLimitRule)
      .max(200)
      .default([
        { per: "customer", limit: 120, window_seconds: 60 },
        { per: "visitor", limit: 60, window_seconds: 60 },
        { per: "ip", limit: 600, window_seconds: 60 },
      ]),
    /** A caller that hits a limit `violations` times within `within_seconds` waits `duration_seconds`. */
    cooldown: z
      .object({
        violations: z.number().int().min(1).max(1_000),
        within_seconds: z.number().int().min(1).max(86_400),
        duration_seconds: z.number().int().min(1).max(7 * 86_400),
      })
      .strict()
      .nullable()
      .default({ violations: 5, within_seconds: 60, duration_seconds: 600 }),
    /** Chatbot limits, for requests that carry a conversation_id. */
    conversations: z
      .object({
        messages_per_conversation: z.number().int().positive().max(100_000).optional(),
        conversations_per_visitor_per_day: z.number().int().positive().max(100_000).optional(),
      })
      .strict()
      .default({ messages_per_conversation: 100, conversations_per_visitor_per_day: 20 }),
  })
  .strict()

/**
 * The gateway's part of the plugin options: the AI providers, the AI modules and the rate limits.
 * Every module of the plugin receives all of the plugin's options; this one reads only its own
 * keys (the root is not strict: the others belong to the ledger, billing and governance modules).
 */
export const aiCreditsGatewayOptionsSchema = z
  .object({
    /**
     * AI providers by id. `local` (deterministic, no network) is always available. (Not `providers`:
     * Medusa reserves that option name for its own module providers.)
     */
    ai_providers: z.record(id, provider).default({}),
    /** Settings of the built-in AI modules, and custom modules, by module id (snake_case). */
    ai_modules: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "module ids are snake_case"), aiModule).default({}),
    /**
     * Switches on every built-in module (search, chatbot, seo, content, recommendations, analytics),
     * routed to this provider unless its `ai_modules` settings name another. Without it only the
     * modules under `ai_modules` exist, so a store never answers with a provider it did not choose.
     */
    built_in_modules: z.object({ provider: id }).strict().optional(),
    rate_limits: rateLimits.prefault({}),
  })
  .superRefine((options, ctx) => {
    const providerIds = new Set(["local", ...Object.keys(options.ai_providers)])
    const known = [...providerIds].map((p) => `"${p}"`).join(" | ")
    const builtInProvider = options.built_in_modules?.provider
    if (builtInProvider && !providerIds.has(builtInProvider)) {
      ctx.addIssue({
        code: "custom",
        path: ["built_in_modules", "provider"],
        message: `unknown provider "${builtInProvider}"; configure it under ai_providers (expected one of ${known})`,
      })
    }
    for (const [moduleId, settings] of Object.entries(options.ai_modules)) {
      if (settings.enabled !== false && !settings.provider && !builtInProvider) {
        // No silent default: the deterministic `local` provider would answer a real store's shoppers.
        ctx.addIssue({
          code: "custom",
          path: ["ai_modules", moduleId, "provider"],
          message: `required: the provider that serves this module (expected one of ${known}; "local" is the deterministic test provider)`,
        })
      }
      for (const [field, value] of [
        ["provider", settings.provider],
        ["fallback.provider", settings.fallback?.provider],
        ...(settings.failover ?? []).map((step, i) => [`failover.${i}.provider`, step.provider] as const),
      ] as const) {
        if (value && !providerIds.has(value)) {
          ctx.addIssue({
            code: "custom",
            path: ["ai_modules", moduleId, ...field.split(".")],
            message: `unknown provider "${value}"; configure it under ai_providers (known: ${[...providerIds].join(", ")})`,
          })
        }
      }
    }
  })

export type AiCreditsGatewayOptions = z.input<typeof aiCreditsGatewayOptionsSchema>
export type ResolvedGatewayOptions = z.output<typeof aiCreditsGatewayOptionsSchema>

/**
 * Validates the gateway's options and explains every wrong one in a single message, naming the
 * option and why it is wrong, instead of failing later with a stack trace.
 */
export function resolveGatewayOptions(raw: unknown): ResolvedGatewayOptions {
  const parsed = aiCreditsGatewayOptionsSchema.safeParse(raw ?? {})
  if (parsed.success) {
    return parsed.data
  }
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join(".") : "(options)"
    // An enum's own message squeezes its values together ("open"|"closed"); say it the same way everywhere.
    const why = issue.code === "invalid_value" ? `expected one of ${oneOf(issue.values)}` : issue.message
    return `  - ${where}: ${why}`
  })
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-ai-credits: invalid plugin options in medusa-config.ts:\n${problems.join("\n")}`
  )
}
