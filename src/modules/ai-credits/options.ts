import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { CREDIT_PACK_CAPTURE_MODES } from "../../client/enums"

/** Largest credit amount accepted in one operation; anything above is treated as a typo. */
export const MAX_CREDITS_PER_OPERATION = 1_000_000_000

const credits = z
  .number()
  .int("must be a whole number of credits")
  .nonnegative("must not be negative")
  .max(MAX_CREDITS_PER_OPERATION, `must be at most ${MAX_CREDITS_PER_OPERATION}`)

const seconds = z.number().int("must be whole seconds").min(1).max(7 * 24 * 3600)

/**
 * The ledger's part of the plugin options, as given in `medusa-config.ts`:
 * `plugins: [{ resolve: "medusa-ai-credits", options: { ... } }]`. Subscribers and jobs do not
 * receive plugin options, so each module of the plugin validates its own part of them.
 */
export const aiCreditsOptionsSchema = z
  .object({
    /** The store's time zone (IANA name): calendar quota windows (day, month) follow it. */
    time_zone: z
      .string()
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: zone })
          return true
        } catch {
          return false
        }
      }, "must be an IANA time zone such as Europe/Amsterdam")
      .default("UTC"),
    /** How long an authorization holds credits before the sweeper releases it. */
    hold_ttl_seconds: seconds.default(300),
    /** Largest single hold, so a runaway estimate cannot freeze a wallet. Per wallet it can be lowered further. */
    max_hold_credits: credits.positive().default(100_000),
    /** Per-module caps on a single hold, e.g. `{ content: 5000 }`. */
    max_hold_credits_by_module: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), credits.positive()).default({}),
    /** Overage a newly created wallet may run into (credits below zero). 0 means a hard stop. */
    default_overage_limit: credits.default(0),
    /**
     * How one server process sends ledger calls to PostgreSQL: connections in use at once, and calls
     * sharing one round trip and transaction (group commit); more wait in memory, in order (see
     * ledger-batch.ts and sql/batch.ts). `per_wallet` is accepted for old configs and not used.
     */
    ledger_admission: z
      .object({
        concurrency: z.number().int().min(1).max(1_000).default(8),
        per_wallet: z.number().int().min(1).max(1_000).default(2),
        max_batch: z.number().int().min(1).max(100).default(8),
      })
      .strict()
      .default({ concurrency: 8, per_wallet: 2, max_batch: 8 }),
    /** How many wallets one batch of the expiry job settles. */
    expiry_batch_size: z.number().int().min(1).max(10_000).default(500),
    /** Customers may reject a generated result and get its credits back within this window. */
    refunds: z
      .object({
        window_hours: z.number().int().min(0).max(24 * 90).default(24),
        max_per_customer_per_30_days: z.number().int().min(0).max(10_000).default(5),
      })
      .strict()
      .default({ window_hours: 24, max_per_customer_per_30_days: 5 }),
    /**
     * Credit packs bought in the store checkout. `capture`: `on_order` captures the payment of an
     * order that holds nothing but credit packs as soon as it is placed, so its credits arrive at
     * once; `manual` (the default) leaves the capture to an admin or the payment provider.
     */
    credit_packs: z
      .object({ capture: z.enum(CREDIT_PACK_CAPTURE_MODES).default("manual") })
      .strict()
      .default({ capture: "manual" }),
  })
  .strict()

export type AiCreditsLedgerOptions = z.input<typeof aiCreditsOptionsSchema>
export type ResolvedAiCreditsOptions = z.output<typeof aiCreditsOptionsSchema>

/**
 * Keys this module leaves to others: those Medusa adds to every module's options, and the plugin
 * options the gateway (`ai_providers`, `ai_modules`, `built_in_modules`, `rate_limits`), billing
 * (`stripe`) and governance (`bulk_jobs`) modules validate. Any other key is a typo, reported here
 * (by name only: no import of the other modules).
 */
const OTHERS_OPTION_KEYS = new Set([
  "database",
  "cache",
  "moduleDeclaration",
  "ai_providers",
  "ai_modules",
  "built_in_modules",
  "rate_limits",
  "stripe",
  "bulk_jobs",
])

function ownOptions(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    return raw ?? {}
  }
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !OTHERS_OPTION_KEYS.has(key)))
}

/**
 * The ids of the AI providers the store has (`local` always): a price names one of them. Only the
 * names are read here; the gateway module validates the providers' settings.
 */
export function configuredProviderIds(raw: unknown): string[] {
  const providers = raw && typeof raw === "object" ? (raw as { ai_providers?: unknown }).ai_providers : undefined
  return ["local", ...(providers && typeof providers === "object" ? Object.keys(providers) : [])]
}

/**
 * Validates the ledger's options and explains every wrong one in a single message, naming the option
 * and why it is wrong, instead of failing later with a stack trace.
 */
export function resolveAiCreditsOptions(raw: unknown): ResolvedAiCreditsOptions {
  const parsed = aiCreditsOptionsSchema.safeParse(ownOptions(raw))
  if (parsed.success) {
    return parsed.data
  }
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join(".") : "(options)"
    return `  - ${where}: ${issue.message}`
  })
  throw new MedusaError(MedusaError.Types.INVALID_DATA, 
    `medusa-ai-credits: invalid plugin options in medusa-config.ts:\n${problems.join("\n")}`
  )
}
