import type { MedusaContainer } from "@medusajs/framework/types"
import type { AdminServerApiKey } from "../../client/types"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import { windowBounds } from "../../modules/ai-credits/quota/windows"
import type AiCreditsModuleService from "../../modules/ai-credits/service"
import { governanceService } from "../../modules/ai-credits-governance"
import { serverApiKeyStatus } from "../../modules/ai-credits-governance/server-api-keys"
import type { ServerApiKeyDTO } from "../../modules/ai-credits-governance/types"

export type ServerApiKeyFilters = { owner_type?: string; owner_id?: string }

/**
 * Server API keys, newest first, with what each spent this month: its monthly counter in the
 * ledger (held and captured credits, as the monthly limit counts them). Never the hash.
 */
export async function listServerApiKeys(
  container: MedusaContainer,
  filters: ServerApiKeyFilters,
  page: { skip: number; take: number }
): Promise<{ api_keys: AdminServerApiKey[]; count: number }> {
  const [keys, count] = await governanceService(container).listAndCountAiCreditServerApiKeys(filters, {
    ...page,
    order: { created_at: "DESC", id: "DESC" },
  })
  const spent = await spentThisMonth(container, keys.map((k) => k.id))
  return { api_keys: keys.map((k) => serializeServerApiKey(k, spent.get(k.id) ?? 0)), count }
}

async function spentThisMonth(container: MedusaContainer, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) {
    return new Map()
  }
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  const { bucket_start } = windowBounds("month", Date.now(), credits.options.time_zone, null)
  const counters = await credits.listAiCreditQuotaCounters({ rule_id: ids, bucket_start }, { take: ids.length })
  return new Map(counters.filter((c) => c.subject === c.rule_id).map((c) => [c.rule_id, Number(c.used)]))
}

export function serializeServerApiKey(key: ServerApiKeyDTO, spentThisMonthCredits = 0): AdminServerApiKey {
  return {
    id: key.id,
    name: key.name,
    token_prefix: key.token_prefix,
    status: serverApiKeyStatus(key),
    owner_type: key.owner_type,
    owner_id: key.owner_id,
    sales_channel_id: key.sales_channel_id,
    allowed_modules: key.allowed_modules as string[],
    allowed_models: key.allowed_models as string[],
    rate_limit_per_minute: key.rate_limit_per_minute,
    monthly_credit_limit: key.monthly_credit_limit,
    spent_this_month: spentThisMonthCredits,
    expires_at: key.expires_at ?? null,
    revoked_at: key.revoked_at ?? null,
    last_used_at: key.last_used_at ?? null,
    created_at: key.created_at,
  }
}
