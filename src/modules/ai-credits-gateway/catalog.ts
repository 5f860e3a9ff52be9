import type { ResolvedGatewayOptions } from "./options"
import type { AdminAiModule } from "../../client/types"

/** An AI module as configured: the admin's `GET /admin/ai-credits/modules` lists them so. */
export type AiModuleConfig = AdminAiModule

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

/** A module's defaults: its model, output cap, estimate of one request (input and output tokens) and fallback. */
function builtIn(
  name: string,
  model: string,
  max_output_tokens: number,
  [input_tokens, output_tokens]: [number, number],
  fallback: ModuleDefaults["fallback"]
): ModuleDefaults {
  return { name, model, max_output_tokens, estimate: { input_tokens, output_tokens, images: 0, requests: 1 }, fallback }
}

/** A request reads at most this many tokens unless the module says otherwise (a large context window). */
export const DEFAULT_MAX_INPUT_TOKENS = 128_000

/**
 * The built-in AI modules' defaults. A built-in module exists only when the app configures it
 * under `ai_modules` or switches the built-ins on with `built_in_modules: { provider }`; the model
 * names match the demo rate cards.
 */
export const BUILT_IN_AI_MODULES: Record<string, ModuleDefaults> = {
  search: builtIn("AI Search", "text-embedding-3-small", 256, [64, 0], { type: "degrade", message: "Showing keyword results." }),
  chatbot: builtIn("AI Chatbot", "gpt-4o-mini", 512, [800, 400], { type: "upgrade_prompt", message: "Your AI credits have run out." }),
  seo: builtIn("AI SEO", "gpt-4o-mini", 800, [600, 400], { type: "disable", message: "SEO generation is paused until credits are added." }),
  content: builtIn("Content Generator", "gpt-4o", 1500, [800, 1000], { type: "cheaper_model", model: "gpt-4o-mini" }),
  recommendations: builtIn("Product Recommendations", "text-embedding-3-small", 256, [256, 0], { type: "degrade", message: "Showing best sellers." }),
  analytics: builtIn("AI Analytics", "gpt-4o-mini", 1000, [2000, 600], { type: "disable" }),
}

/** A module the app names itself (its name is its id in title case). */
const CUSTOM_DEFAULTS = builtIn("", "gpt-4o-mini", 1024, [500, 500], { type: "disable" })

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
