import type { QuotaRule } from "../../../../lib/quota-rules"

export const ALL_MODULES = "__all__"
export const METRICS = ["credits", "requests", "tokens"] as const
export const WINDOWS = ["minute", "hour", "day", "month"] as const
export const QUOTA_ACTIONS = ["block", "fallback", "notify"] as const satisfies readonly QuotaRule["action"][]
export const ACTIONS: { value: QuotaRule["action"]; label: string }[] = [
  { value: "block", label: "Block (429 quota_exceeded)" },
  { value: "fallback", label: "Use the module's fallback" },
  { value: "notify", label: "Allow, alert the admins" },
]
