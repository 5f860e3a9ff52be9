import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import type AiCreditsModuleService from "../modules/ai-credits/service"
import { AI_CREDITS_BILLING_MODULE, dayOfMonth, type AutoTopUpTrigger } from "../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../modules/ai-credits-billing/service"
import { autoTopUpWalletWorkflow } from "../workflows"

const BATCH = 500

/**
 * Runs every auto top-up that is due: wallets whose available credit is below their threshold,
 * and those whose fixed day of the month it is. The workflow decides the rest (limits, back-off,
 * a pending top-up, bursts). Returns what each run did.
 */
export async function runDueAutoTopUps(container: MedusaContainer, now = new Date()) {
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  const today = dayOfMonth(now, credits.options.time_zone)
  const results: { wallet_id: string; trigger: AutoTopUpTrigger; status: string; reason?: string }[] = []
  for (let skip = 0; ; skip += BATCH) {
    const settings = await billing.listAiCreditAutoTopUps(
      { enabled: true, suspended_reason: null },
      { skip, take: BATCH, order: { id: "ASC" } }
    )
    const balances = await credits.getBalances(settings.map((s) => s.wallet_id))
    for (const setting of settings) {
      const due: AutoTopUpTrigger[] = []
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

/** Tops up wallets below their auto top-up threshold, and on their fixed day (see `runDueAutoTopUps`). */
export default async function runAutoTopUpsJob(container: MedusaContainer) {
  const results = await runDueAutoTopUps(container)
  const done = results.filter((r) => r.status !== "skipped")
  if (done.length) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`ai-credits: ${done.length} auto top-up(s): ${done.map((r) => `${r.wallet_id} ${r.status}`).join(", ")}`)
  }
}

export const config = {
  name: "ai-credits-run-auto-top-ups",
  schedule: "* * * * *",
}
