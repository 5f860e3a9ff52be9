import { CreditError } from "../errors"
import type { QuotaCheck } from "../quota/matching"
import { windowBounds } from "../quota/windows"
import type { ServerKeyCaller } from "./caller"

/**
 * A server API key's monthly credit limit as a quota counter of the ledger: counted by the same
 * SQL, under the counter's row lock and in the transaction of the hold or charge, so concurrent
 * requests cannot pass it. The counter is the key's own (rule id = key id), in the store's time
 * zone's calendar month. A key without a limit is counted too (a counter that never refuses), so
 * its spend this month is known.
 */
export function serverKeyQuota(key: ServerKeyCaller, timeZone: string, now = Date.now()): QuotaCheck {
  const bounds = windowBounds("month", now, timeZone, null)
  return {
    rule_id: key.id,
    name: `monthly credit limit of the API key ${key.name}`,
    subject: key.id,
    metric: "credits",
    limit: key.monthly_credit_limit ?? Number.MAX_SAFE_INTEGER,
    action: key.monthly_credit_limit === null ? "notify" : "block",
    bucket_start: bounds.bucket_start.toISOString(),
    window_start: bounds.window_start.toISOString(),
    resets_at: bounds.resets_at.toISOString(),
  }
}

/** Refuses (403) a module or model the key is not allowed to use. */
export function assertServerKeyAllows(key: ServerKeyCaller, module: string, model: string | undefined) {
  if (key.allowed_modules.length > 0 && !key.allowed_modules.includes(module)) {
    throw new CreditError("not_allowed", `This API key may not use the AI module "${module}"`, { reason: "api_key_module" })
  }
  if (model && key.allowed_models.length > 0 && !key.allowed_models.includes(model)) {
    throw new CreditError("not_allowed", `This API key may not use the model "${model}"`, { reason: "api_key_model" })
  }
}
