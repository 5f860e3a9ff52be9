import { z } from "@medusajs/framework/zod"

/** Largest credit amount accepted in one operation; anything above is treated as a typo. */
export const MAX_CREDITS_PER_OPERATION = 1_000_000_000

const credits = z
  .number()
  .int("must be a whole number of credits")
  .nonnegative("must not be negative")
  .max(MAX_CREDITS_PER_OPERATION, `must be at most ${MAX_CREDITS_PER_OPERATION}`)

const seconds = z.number().int("must be whole seconds").min(1).max(7 * 24 * 3600)

/**
 * The plugin options, as given in `medusa-config.ts`:
 * `plugins: [{ resolve: "medusa-ai-credits", options: { ... } }]`.
 * Subscribers and jobs do not receive plugin options, so the module owns and validates them.
 */
export const aiCreditsOptionsSchema = z
  .object({
    /** How long an authorization holds credits before the sweeper releases it. */
    hold_ttl_seconds: seconds.default(300),
    /** Largest single hold, so a runaway estimate cannot freeze a wallet. Per wallet it can be lowered further. */
    max_hold_credits: credits.positive().default(100_000),
    /** Per-module caps on a single hold, e.g. `{ content: 5000 }`. */
    max_hold_credits_by_module: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), credits.positive()).default({}),
    /** Overage a newly created wallet may run into (credits below zero). 0 means a hard stop. */
    default_overage_limit: credits.default(0),
    /** How many grants or holds one run of the expiry job processes per wallet batch. */
    expiry_batch_size: z.number().int().min(1).max(10_000).default(500),
  })
  .strict()

export type AiCreditsOptions = z.input<typeof aiCreditsOptionsSchema>
export type ResolvedAiCreditsOptions = z.output<typeof aiCreditsOptionsSchema>

/** Keys Medusa adds to every module's options; they are not the merchant's to set. */
const FRAMEWORK_OPTION_KEYS = new Set(["database", "cache", "moduleDeclaration"])

function withoutFrameworkKeys(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return raw ?? {}
  }
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !FRAMEWORK_OPTION_KEYS.has(key)))
}

/**
 * Validates plugin options and explains every wrong one in a single message, naming the option
 * and why it is wrong, instead of failing later with a stack trace.
 */
export function resolveAiCreditsOptions(raw: unknown): ResolvedAiCreditsOptions {
  const parsed = aiCreditsOptionsSchema.safeParse(withoutFrameworkKeys(raw))
  if (parsed.success) {
    return parsed.data
  }
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join(".") : "(options)"
    return `  - ${where}: ${issue.message}`
  })
  throw new Error(
    `medusa-ai-credits: invalid plugin options in medusa-config.ts:\n${problems.join("\n")}`
  )
}
