/**
 * What quota rules cost on the hot path: the p99 of one authorization through the service (rule
 * matching in the process, counters in the ledger's transaction), with no rules and with 1,000
 * active rules: three per-customer quotas matching each request, and, separately, six of which
 * three are store-wide (one shared counter each, which every request must lock in turn).
 */
import type AiCreditsModuleService from "../src/modules/ai-credits/service"
import { runLoad } from "./load"
import { bootCreditsModule, fundWallets } from "./module"

const CALLERS = 32
const WALLETS = 200
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)

async function authorizeOnce(credits: AiCreditsModuleService, walletId: string, customer: string, key: string) {
  const quotas = await credits.quotasFor({ module: "chatbot", actor_scope: `customer:${customer}`, customer_id: customer })
  await credits.authorizeCredits({ wallet_id: walletId, amount: 2, module: "chatbot", idempotency_key: key, quotas })
}

export async function benchQuota(databaseUrl: string): Promise<Record<string, number>> {
  const { credits, connection, shutdown } = await bootCreditsModule(databaseUrl, CALLERS + 4)
  const run = `${Date.now()}`
  const walletIds = await fundWallets(credits, WALLETS, `q${run}`)
  await connection.raw(`delete from ai_credit_quota_rule where name like 'bench %'`)
  await credits.forgetQuotaRules()

  let n = 0
  const measure = () =>
    runLoad(CALLERS, SECONDS, () => {
      const i = n++
      return authorizeOnce(credits, walletIds[i % WALLETS], `bench_q${run}_${i % WALLETS}`, `q-${run}-${i}`)
    })
  const noRules = await measure()

  // 1,000 active rules; the first `matching` match every chatbot request, the rest are scoped to
  // other customers and modules and only cost the matching in the process.
  const withRules = async (matching: number, storeWide: boolean) => {
    await connection.raw(`delete from ai_credit_quota_rule where name like 'bench %'`)
    const rules = Array.from({ length: 1_000 }, (_, i) => ({
      name: `bench rule ${i}`,
      customer_id: i < matching ? null : `cus_other_${i}`,
      module: i < matching ? "chatbot" : i % 2 ? "seo" : "content",
      per: (storeWide && i % 2 ? "scope" : "actor") as "scope" | "actor",
      metric: (["requests", "credits", "tokens"] as const)[i % 3],
      window: (["minute", "day", "month"] as const)[i % 3],
      limit: 2_000_000_000,
      action: "block" as const,
    }))
    await credits.createAiCreditQuotaRules(rules)
    await credits.forgetQuotaRules()
    return measure()
  }
  // Three per-customer quotas match each request (requests, credits, tokens).
  const perCustomer = await withRules(3, false)
  // Six match, three of them store-wide: every request counts against the same three counters.
  const mixed = await withRules(6, true)

  await connection.raw(`delete from ai_credit_quota_rule where name like 'bench %'`)
  await shutdown()
  const round = (v: number) => Math.round(v * 10) / 10
  return {
    "quota.authorize_p99_ms.rules_0": round(noRules.p99Ms),
    "quota.authorize_p99_ms.rules_1000": round(perCustomer.p99Ms),
    "quota.rules_1000_vs_0": Math.round((perCustomer.p99Ms / noRules.p99Ms) * 100) / 100,
    "quota.authorize_p99_ms.rules_1000_with_store_wide": round(mixed.p99Ms),
    "quota.rules_1000_with_store_wide_vs_0": Math.round((mixed.p99Ms / noRules.p99Ms) * 100) / 100,
  }
}
