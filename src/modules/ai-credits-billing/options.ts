import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

/**
 * The `stripe` section of the plugin options: the keys of the Stripe account that bills plans
 * and auto top-ups. `api_host`/`api_port`/`api_protocol` point the SDK elsewhere (tests use a
 * local fake); leave them out in production.
 */
export const stripeOptionsSchema = z
  .object({
    api_key: z.string().min(1, "must be a Stripe secret key (sk_...)"),
    webhook_secret: z.string().min(1, "must be the webhook endpoint's signing secret (whsec_...)"),
    api_host: z.string().min(1).optional(),
    api_port: z.number().int().min(1).max(65_535).optional(),
    api_protocol: z.enum(["http", "https"]).optional(),
  })
  .strict()

export type StripeOptions = z.output<typeof stripeOptionsSchema>

/**
 * The billing module's view of the plugin options: only its own `stripe` section (the ai_credits
 * module validates the rest). Billing works without Stripe for plans invoiced outside it.
 */
export function resolveStripeOptions(raw: unknown): StripeOptions | null {
  const section = raw && typeof raw === "object" ? (raw as { stripe?: unknown }).stripe : undefined
  if (section === undefined || section === null) {
    return null
  }
  const parsed = stripeOptionsSchema.safeParse(section)
  if (parsed.success) {
    return parsed.data
  }
  const problems = parsed.error.issues.map((issue) => `  - stripe.${issue.path.join(".")}: ${issue.message}`)
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-ai-credits: invalid plugin options in medusa-config.ts:\n${problems.join("\n")}`
  )
}
