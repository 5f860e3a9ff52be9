// One definition of each shape: the admin API's types in src/client/types.ts.
import type { AdminCreateQuotaRuleBody, AdminQuotaRule } from "../../client/types"

export type QuotaRule = AdminQuotaRule
export type QuotaRuleInput = AdminCreateQuotaRuleBody
