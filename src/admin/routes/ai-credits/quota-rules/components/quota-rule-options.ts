import type { QuotaAction, QuotaCountedPer } from "../../../../../client/enums"
import type { QuotaRule } from "../../../../lib/quota-rules"

/** A scope select's "no restriction" choice (a select item cannot have an empty value). */
export const ANY = "__any__"

export const ACTIONS: { value: QuotaAction; label: string }[] = [
  { value: "block", label: "Block (429 quota_exceeded)" },
  { value: "fallback", label: "Use the module's fallback" },
  { value: "notify", label: "Allow, alert the admins" },
  { value: "require_approval", label: "Refuse until an admin approves more" },
]

export const COUNTED: { value: QuotaCountedPer; label: string }[] = [
  { value: "actor", label: "For each shopper or admin" },
  { value: "scope", label: "For everyone together" },
]

/** A rolling window's length as people say it: 90 min, 2 h, 7 d. */
export function windowLength(seconds: number | null) {
  const minutes = Math.round((seconds ?? 3600) / 60)
  if (minutes % 1440 === 0) {
    return `${minutes / 1440} d`
  }
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`
}

/** "per day", or "per rolling 2 h". */
export const windowText = (rule: Pick<QuotaRule, "window" | "window_seconds">) =>
  rule.window === "rolling" ? `per rolling ${windowLength(rule.window_seconds)}` : `per ${rule.window}`
