import type { MedusaContainer } from "@medusajs/framework/types"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import type AiCreditsModuleService from "../modules/ai-credits/service"
import { AI_CREDITS_BILLING_MODULE } from "../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../modules/ai-credits-billing/service"
import { autoTopUpWalletWorkflow } from "../workflows/auto-top-up"

const BATCH = 500

/** The day of the month in a time zone. */
function dayOfMonth(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en-US", { timeZone, day: "numeric" }).format(now))
}

/**
 * Runs every auto top-up that is due: wallets whose available credit is below their threshold,
 * and those whose fixed day of the month it is. The workflow decides the rest (limits, back-off,
 * a pending top-up, bursts). Returns what each run did.
 */
export async function runDueAutoTopUps(container: MedusaContainer, now = new Date()) {
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  const today = dayOfMonth(now, credits.options.time_zone)
  const results: { wallet_id: string; trigger: "threshold" | "schedule"; status: string; reason?: string }[] = []
  for (let skip = 0; ; skip += BATCH) {
    const settings = await billing.listAiCreditAutoTopUps(
      { enabled: true, suspended_reason: null },
      { skip, take: BATCH, order: { id: "ASC" } }
    )
    const balances = await credits.getBalances(settings.map((s) => s.wallet_id))
    for (const setting of settings) {
      const due: ("threshold" | "schedule")[] = []
      if ((balances.get(setting.wallet_id)?.available ?? 0) < setting.threshold) {
        due.push("threshold")
      }
      if (setting.day_of_month === today) {
        due.push("schedule")
      }
      for (const trigger of due) {
        const { result } = await autoTopUpWalletWorkflow(container).run({ input: { auto_top_up_id: setting.id, trigger } })
        results.push({ wallet_id: setting.wallet_id, trigger, ...result })
      }
    }
    if (settings.length < BATCH) {
      return results
    }
  }
}
