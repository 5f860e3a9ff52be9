import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import type { AiCreditsOptions } from "./src/options"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/** Set AI_OPENAI_BASE_URL (and AI_OPENAI_API_KEY) to send the demo's FAQ assistant to a real provider. */
const openAiBaseUrl = process.env.AI_OPENAI_BASE_URL

/**
 * Several servers on one database (README, "Production: several servers"): REDIS_URL switches on
 * Medusa's Redis event bus, workflow engine, locking provider and caching provider, and the
 * plugin's rate limiter keeps its counters there too (AI_CREDITS_REDIS_URL may name another Redis).
 */
const redisUrl = process.env.REDIS_URL || undefined
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
        },
      },
      {
        resolve: "@medusajs/medusa/caching",
        options: {
          providers: [{ resolve: "@medusajs/medusa/caching-redis", id: "caching-redis", is_default: true, options: { redisUrl } }],
        },
      },
    ]
  : []

/** `server` (HTTP only), `worker` (jobs and subscribers only) or `shared` (both, the default). */
const workerMode = (["server", "worker", "shared"] as const).find((mode) => mode === process.env.MEDUSA_WORKER_MODE) ?? "shared"

/** Modules switched off without a code change, e.g. AI_CREDITS_DISABLED_MODULES=seo,analytics. */
const disabledModules = (process.env.AI_CREDITS_DISABLED_MODULES ?? "").split(",").filter(Boolean)

/** `AI_CREDITS_STRIPE_API_BASE=http://127.0.0.1:12111` sends the Stripe SDK to another server (a test fake). */
function stripeApiBase(base: string | undefined) {
  if (!base) {
    return {}
  }
  const url = new URL(base)
  return {
    api_host: url.hostname,
    api_port: Number(url.port || (url.protocol === "http:" ? 80 : 443)),
    api_protocol: url.protocol === "http:" ? ("http" as const) : ("https" as const),
  }
}

/**
 * The demo store. It loads this repository's sources the way an app loads the published
 * plugin: the same module with the same options (see README, "This repository as an app").
 */
const aiCreditsOptions: AiCreditsOptions = {
  hold_ttl_seconds: Number(process.env.AI_CREDITS_HOLD_TTL_SECONDS || 300),
  max_hold_credits: 100_000,
  default_overage_limit: 0,
  // Credit packs are digital goods: an order of packs only is captured as it is placed, so the
  // credits arrive at once (AI_CREDITS_PACK_CAPTURE=manual leaves the capture to an admin).
  credit_packs: { capture: process.env.AI_CREDITS_PACK_CAPTURE === "manual" ? "manual" : "on_order" },
  ai_providers: openAiBaseUrl
    ? { openai: { type: "openai-compatible", base_url: openAiBaseUrl, api_key: process.env.AI_OPENAI_API_KEY } }
    : {},
  rate_limits: {
    // Set to share rate-limit counters between several servers.
    redis_url: process.env.AI_CREDITS_REDIS_URL || redisUrl,
    failure_mode: process.env.AI_CREDITS_RATE_LIMIT_FAILURE_MODE === "closed" ? "closed" : "open",
    // Proxies in front that append to X-Forwarded-For: 0 without one (then the header is ignored).
    trusted_proxy_hops: Number(process.env.AI_CREDITS_TRUSTED_PROXY_HOPS || 1),
    rules: [
      { per: "customer", limit: 120, window_seconds: 60 },
      { per: "visitor", limit: 60, window_seconds: 60 },
      { per: "ip", limit: Number(process.env.AI_CREDITS_IP_LIMIT_PER_MINUTE || 600), window_seconds: 60 },
      { per: "visitor", module: "chatbot", limit: 500, window_seconds: 86_400 },
    ],
  },
  bulk_jobs: {
    concurrency: Number(process.env.AI_CREDITS_BULK_CONCURRENCY || 1),
    items_per_hour: Number(process.env.AI_CREDITS_BULK_ITEMS_PER_HOUR || 3_600),
  },
  // Stripe billing of plans and auto top-ups, when keys are given (tests point it at a local fake).
  stripe: process.env.AI_CREDITS_STRIPE_API_KEY
    ? {
        api_key: process.env.AI_CREDITS_STRIPE_API_KEY,
        webhook_secret: process.env.AI_CREDITS_STRIPE_WEBHOOK_SECRET ?? "",
        ...stripeApiBase(process.env.AI_CREDITS_STRIPE_API_BASE),
      }
    : undefined,
  // The demo's built-in modules answer with the deterministic local provider (no API key needed);
  // an installed app names its own provider (or lists only the modules it wants under ai_modules).
  built_in_modules: { provider: "local" },
  ai_modules: {
    ...Object.fromEntries(disabledModules.map((id) => [id, { enabled: false }])),
    // A custom module next to the built-in ones (search, chatbot, seo, content, recommendations, analytics).
    faq_assistant: {
      name: "FAQ assistant",
      provider: openAiBaseUrl ? "openai" : "local",
      model: "gpt-4o-mini",
      max_output_tokens: 300,
      // A storefront's capture may charge up to half as much again as it held (see docs/STORE_API.md).
      capture_margin: 0.5,
      fallback: { type: "degrade", message: "See our FAQ page." },
      // When the real provider is down, the deterministic local model answers instead.
      failover: openAiBaseUrl ? [{ provider: "local" }] : [],
    },
  },
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:5173,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_DISABLE_ADMIN === "true",
  },
  modules: [
    // Medusa 2.21 decides whether its RBAC module loads before it registers the `rbac` flag, so
    // MEDUSA_FF_RBAC=true alone does not load it: the module is named here too.
    ...(process.env.MEDUSA_FF_RBAC === "true" ? [{ resolve: "@medusajs/medusa/rbac" }] : []),
    {
      resolve: "./src/modules/ai-credits",
      options: aiCreditsOptions,
    },
    {
      // The AI modules, providers and rate limits: reads its own part of the same plugin options.
      resolve: "./src/modules/ai-credits-gateway",
      options: aiCreditsOptions,
    },
    {
      resolve: "./src/modules/ai-credits-analytics",
    },
    {
      // As in an app that installs the plugin, every module of it gets the plugin's options.
      resolve: "./src/modules/ai-credits-governance",
      options: aiCreditsOptions,
    },
    {
      // Reads its own section (`stripe`) of the same plugin options.
      resolve: "./src/modules/ai-credits-billing",
      options: aiCreditsOptions,
    },
    ...redisModules,
  ],
})
