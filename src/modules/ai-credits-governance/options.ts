import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

const pace = z
  .object({
    /** Bulk jobs of the module running at once; more wait in the queue. */
    concurrency: z.number().int().min(1).max(100),
    /** Items of the module's bulk jobs processed per hour, across its jobs. */
    items_per_hour: z.number().int().min(1).max(1_000_000),
  })
  .partial()
  .strict()

/** The `bulk_jobs` plugin option (also accepted, and ignored, by the ai_credits module's own validation). */
export const bulkJobsOptionsSchema = z
  .object({
    concurrency: z.number().int().min(1).max(100).default(1),
    items_per_hour: z.number().int().min(1).max(1_000_000).default(3_600),
    /** Items one batch holds credits for and runs. */
    batch_size: z.number().int().min(1).max(1_000).default(10),
    /** Per-module overrides, e.g. `{ embeddings: { concurrency: 2, items_per_hour: 10000 } }`. */
    modules: z.record(z.string(), pace).default({}),
  })
  .strict()

// Not strict at the root: Medusa adds its own keys (database, ...) to every module's options.
const governanceOptions = z.object({ bulk_jobs: bulkJobsOptionsSchema.default(() => bulkJobsOptionsSchema.parse({})) })

export type AiCreditsGovernanceOptions = z.input<typeof governanceOptions>
export type ResolvedGovernanceOptions = z.output<typeof governanceOptions>

/** The module's options with defaults; a wrong option stops the server naming it. */
export function resolveGovernanceOptions(options: unknown): ResolvedGovernanceOptions {
  const parsed = governanceOptions.safeParse(options ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `ai_credits_governance option ${issue.path.join(".") || "(root)"}: ${issue.message}`
    )
  }
  return parsed.data
}
