import { z } from "zod"
import { QUOTA_ACTIONS, QUOTA_COUNTED_PER, QUOTA_METRICS, QUOTA_WINDOWS } from "../../../../../client/enums"
import type { QuotaRuleInput } from "../../../../lib/quota-rules"
import { ANY } from "../components/quota-rule-options"

/** The longest rolling window the API takes: 90 days. */
const MAX_ROLLING_MINUTES = 90 * 1440

const scope = z.string().transform((value) => (value === ANY || !value ? null : value))

/**
 * The create form as typed (numbers are the text of their inputs); its output is the API's body.
 * The API's own validator (`AdminCreateQuotaRule`) cannot be shared: it is built on
 * `@medusajs/framework/zod` and the server's options, which the admin bundle must not pull in; the
 * enums are shared (`src/client/enums.ts`).
 */
export const CreateQuotaRuleSchema = z
  .object({
    name: z.string().trim().min(1, "Give the rule a name."),
    module: scope,
    sales_channel_id: scope,
    customer_group_id: scope,
    customer_id: scope,
    plan_id: scope,
    admin_role: scope,
    metric: z.enum(QUOTA_METRICS),
    window: z.enum(QUOTA_WINDOWS),
    /** A rolling window's length, in minutes. */
    window_minutes: z.string().trim(),
    limit: z.string().trim().regex(/^\d+$/, "A whole number, 0 or more."),
    per: z.enum(QUOTA_COUNTED_PER),
    action: z.enum(QUOTA_ACTIONS),
  })
  .superRefine((rule, ctx) => {
    const minutes = Number(rule.window_minutes)
    if (rule.window === "rolling" && !(/^\d+$/.test(rule.window_minutes) && minutes >= 1 && minutes <= MAX_ROLLING_MINUTES)) {
      ctx.addIssue({ code: "custom", path: ["window_minutes"], message: `Whole minutes, from 1 to ${MAX_ROLLING_MINUTES}.` })
    }
  })
  .transform(({ window_minutes, limit, ...rule }): QuotaRuleInput => ({
    ...rule,
    limit: Number(limit),
    window_seconds: rule.window === "rolling" ? Number(window_minutes) * 60 : null,
  }))

export type CreateQuotaRuleForm = z.input<typeof CreateQuotaRuleSchema>

export const EMPTY_QUOTA_RULE: CreateQuotaRuleForm = {
  name: "",
  module: ANY,
  sales_channel_id: ANY,
  customer_group_id: ANY,
  customer_id: ANY,
  plan_id: ANY,
  admin_role: ANY,
  metric: "credits",
  window: "day",
  window_minutes: "60",
  limit: "",
  per: "actor",
  action: "block",
}
