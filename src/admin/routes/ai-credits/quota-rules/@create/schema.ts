import { z } from "zod"
import { ALL_MODULES, METRICS, QUOTA_ACTIONS, WINDOWS } from "../components/quota-rule-options"

/**
 * The create form as typed (the limit is the text of its input). The API's own validator
 * (`AdminCreateQuotaRule`) cannot be shared: it is built on `@medusajs/framework/zod` and the
 * server's options, which the admin bundle must not pull in.
 */
export const CreateQuotaRuleSchema = z.object({
  name: z.string().trim().min(1, "Give the rule a name."),
  module: z.string(),
  metric: z.enum(METRICS),
  window: z.enum(WINDOWS),
  limit: z.string().trim().regex(/^\d+$/, "A whole number, 0 or more."),
  per: z.enum(["actor", "scope"]),
  action: z.enum(QUOTA_ACTIONS),
})

export type CreateQuotaRuleForm = z.input<typeof CreateQuotaRuleSchema>

export const EMPTY_QUOTA_RULE: CreateQuotaRuleForm = {
  name: "",
  module: ALL_MODULES,
  metric: "credits",
  window: "day",
  limit: "",
  per: "actor",
  action: "block",
}
