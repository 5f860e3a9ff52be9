import type { ResolvedGatewayOptions } from "./options"
import type { FallbackType } from "./types"

export type AiModuleConfig = {
  id: string
  name: string
  enabled: boolean
  provider: string
  model: string
  allowed_models: string[]
  max_output_tokens: number
  /** With max_output_tokens and max_images: the module's per-request maximum (see perRequestMaximum). */
  max_input_tokens: number
  max_images: number
  /** How much more than its hold a storefront's capture may charge, as a fraction of the hold. */
  capture_margin: number
  estimate: { input_tokens: number; output_tokens: number; images: number; requests: number }
  fallback: { type: FallbackType; provider?: string; model?: string; message?: string }
  /** A gateway request the payer cannot pay in full runs with the output limit it affords (see the options). */
  shrink_to_balance: boolean
  /** Tried in turn when the provider fails (same model unless one is given). */
  failover: { provider: string; model?: string }[]
}

type ModuleDefaults = Omit<
  AiModuleConfig,
  | "id"
  | "enabled"
  | "allowed_models"
  | "failover"
  | "max_input_tokens"
  | "max_images"
  | "capture_margin"
  | "provider"
  | "shrink_to_balance"
>

/** A request reads at most this many tokens unless the module says otherwise (a large context window). */
export const DEFAULT_MAX_INPUT_TOKENS = 128_000

/**
 * The built-in AI modules' defaults. A built-in module exists only when the app configures it
 * under `ai_modules` or switches the built-ins on with `built_in_modules: { provider }`; the model
 * names match the demo rate cards.
 */
export const BUILT_IN_AI_MODULES: Record<string, ModuleDefaults> = {
  search: {
    name: "AI Search",
    model: "text-embedding-3-small",
    max_output_tokens: 256,
    estimate: { input_tokens: 64, output_tokens: 0, images: 0, requests: 1 },
    fallback: { type: "degrade", message: "Showing keyword results." },
  },
  chatbot: {
    name: "AI Chatbot",
    model: "gpt-4o-mini",
    max_output_tokens: 512,
    estimate: { input_tokens: 800, output_tokens: 400, images: 0, requests: 1 },
    fallback: { type: "upgrade_prompt", message: "Your AI credits have run out." },
  },
  seo: {
    name: "AI SEO",
    model: "gpt-4o-mini",
    max_output_tokens: 800,
    estimate: { input_tokens: 600, output_tokens: 400, images: 0, requests: 1 },
    fallback: { type: "disable", message: "SEO generation is paused until credits are added." },
  },
  content: {
    name: "Content Generator",
    model: "gpt-4o",
    max_output_tokens: 1500,
    estimate: { input_tokens: 800, output_tokens: 1000, images: 0, requests: 1 },
    fallback: { type: "cheaper_model", model: "gpt-4o-mini" },
  },
  recommendations: {
    name: "Product Recommendations",
    model: "text-embedding-3-small",
    max_output_tokens: 256,
    estimate: { input_tokens: 256, output_tokens: 0, images: 0, requests: 1 },
    fallback: { type: "degrade", message: "Showing best sellers." },
  },
  analytics: {
    name: "AI Analytics",
    model: "gpt-4o-mini",
    max_output_tokens: 1000,
    estimate: { input_tokens: 2000, output_tokens: 600, images: 0, requests: 1 },
    fallback: { type: "disable" },
  },
}

const CUSTOM_DEFAULTS: Omit<ModuleDefaults, "name"> = {
  model: "gpt-4o-mini",
  max_output_tokens: 1024,
  estimate: { input_tokens: 500, output_tokens: 500, images: 0, requests: 1 },
  fallback: { type: "disable" },
}

/**
 * The AI modules of this store: those configured under `ai_modules`, plus every built-in one when
 * `built_in_modules` names their provider. A module never falls back to a provider the app did not
 * name (the options refuse an enabled module without one).
 */
export function resolveAiModules(options: ResolvedGatewayOptions): Map<string, AiModuleConfig> {
  const builtInProvider = options.built_in_modules?.provider
  const ids = new Set([...(builtInProvider ? Object.keys(BUILT_IN_AI_MODULES) : []), ...Object.keys(options.ai_modules)])
  const modules = new Map<string, AiModuleConfig>()
  for (const id of ids) {
    const base = BUILT_IN_AI_MODULES[id] ?? { ...CUSTOM_DEFAULTS, name: titleCase(id) }
    const own = options.ai_modules[id] ?? {}
    const fallback = own.fallback ?? base.fallback
    const model = own.model ?? base.model
    const allowed = new Set([model, ...(own.allowed_models ?? [])])
    if (fallback.type === "cheaper_model" && fallback.model) {
      allowed.add(fallback.model)
    }
    modules.set(id, {
      id,
      name: own.name ?? base.name,
      enabled: own.enabled ?? true,
      // Only a switched-off module can lack a provider (see the options); it never runs.
      provider: own.provider ?? builtInProvider ?? "local",
      model,
      allowed_models: [...allowed],
      max_output_tokens: own.max_output_tokens ?? base.max_output_tokens,
      max_input_tokens: own.max_input_tokens ?? DEFAULT_MAX_INPUT_TOKENS,
      max_images: own.max_images ?? own.estimate?.images ?? base.estimate.images,
      capture_margin: own.capture_margin ?? 0,
      estimate: { ...base.estimate, ...own.estimate },
      fallback,
      shrink_to_balance: own.shrink_to_balance ?? false,
      failover: own.failover ?? [],
    })
  }
  return modules
}

function titleCase(id: string) {
  return id
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ")
}
