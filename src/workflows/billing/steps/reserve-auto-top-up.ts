import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  AUTO_TOP_UP_BURST,
  compareDecimals,
  formatDecimal,
  monthStart,
  parseDecimal,
  sumDecimals,
  type AutoTopUpTrigger,
} from "../../../modules/ai-credits-billing"
import { packagePrice } from "../credit-package-price"
import { billing, credits } from "../subscription-credits"

export type AutoTopUpDecision =
  | { go: false; reason: string }
  | {
      go: true
      attempt_id: string
      auto_top_up_id: string
      wallet_id: string
      customer_id: string
      stripe_customer_id: string
      stripe_payment_method_id: string
      packs: number
      credits: number
      amount: string
      currency_code: string
      package_title: string
    }

export type ReadyAutoTopUp = Extract<AutoTopUpDecision, { go: true }>

/** The reserve step's decision (see `reserveAutoTopUpStep`). */
async function decideAutoTopUp(
  container: MedusaContainer,
  input: { auto_top_up_id: string; trigger: AutoTopUpTrigger; now?: string }
): Promise<AutoTopUpDecision> {
  const service = billing(container)
  const now = input.now ? new Date(input.now) : new Date()
  const settings = await service.retrieveAiCreditAutoTopUp(input.auto_top_up_id)
  const skip = (reason: string): AutoTopUpDecision => ({ go: false, reason })
  if (!settings.enabled) {
    return skip("disabled")
  }
  if (settings.suspended_reason) {
    return skip(`suspended: ${settings.suspended_reason}`)
  }
  if (settings.paused_until && new Date(settings.paused_until) > now) {
    return skip("backing off after a declined card")
  }
  const recent = await service.listAiCreditAutoTopUpAttempts(
    { wallet_id: settings.wallet_id, created_at: { $gte: monthStart(now) } },
    { take: 10_000 }
  )
  if (recent.some((attempt) => attempt.status === "pending")) {
    return skip("a top-up is already pending")
  }
  const succeeded = recent.filter((attempt) => attempt.status === "succeeded")
  const inLastHour = succeeded.filter((attempt) => now.getTime() - new Date(attempt.created_at).getTime() < AUTO_TOP_UP_BURST.within_ms)
  if (inLastHour.length >= AUTO_TOP_UP_BURST.max) {
    await service.updateAiCreditAutoTopUps({ id: settings.id, suspended_reason: "burst" })
    await credits(container).raiseAlert({
      type: "auto_top_up_burst",
      severity: "critical",
      message: `Auto top-up stopped: ${inLastHour.length} top-ups within an hour. Check the wallet's usage, then save its auto top-up again.`,
      dedupe_key: `auto-top-up-burst:${settings.wallet_id}`,
      wallet_id: settings.wallet_id,
      data: { auto_top_up_id: settings.id, top_ups_last_hour: inLastHour.length },
    })
    return skip("suspended: burst")
  }
  if (succeeded.length >= settings.max_per_month) {
    return skip("monthly count limit reached")
  }
  if (input.trigger === "schedule" && recent.some((attempt) => attempt.trigger === "schedule" && attempt.status !== "failed")) {
    return skip("already topped up on schedule this month")
  }
  const balance = (await credits(container).getBalances([settings.wallet_id])).get(settings.wallet_id)
  const available = balance?.available ?? 0
  if (input.trigger === "threshold" && available >= settings.threshold) {
    return skip("above threshold")
  }
  // Credits bought now could not be spent this month anyway.
  const wallet = await credits(container).retrieveAiCreditWallet(settings.wallet_id)
  if (wallet.monthly_spend_cap !== null && wallet.monthly_cap_action === "block" && (balance?.spent_this_month ?? 0) >= wallet.monthly_spend_cap) {
    return skip("the wallet's monthly budget is used up")
  }
  const pkg = await packagePrice(container, settings.package_id, settings.currency_code)
  const wanted = settings.target_balance ? settings.target_balance - available : pkg.credits
  const packs = Math.max(1, Math.ceil(wanted / pkg.credits))
  const unit = parseDecimal(pkg.price)
  const amount = formatDecimal({ units: unit.units * BigInt(packs), scale: unit.scale })
  if (settings.monthly_amount_limit !== null && settings.monthly_amount_limit !== undefined) {
    const spent = sumDecimals([...succeeded.map((attempt) => attempt.raw_amount ?? attempt.amount), amount])
    if (compareDecimals(spent, parseDecimal(settings.raw_monthly_amount_limit ?? settings.monthly_amount_limit)) > 0) {
      return skip("monthly amount limit reached")
    }
  }
  const attempt = await service.openAutoTopUpAttempt({
    auto_top_up_id: settings.id,
    wallet_id: settings.wallet_id,
    trigger: input.trigger,
    packs,
    credits: packs * pkg.credits,
    amount,
    currency_code: settings.currency_code,
  })
  if (!attempt) {
    return skip("a top-up is already pending")
  }
  return {
    go: true,
    attempt_id: attempt.id,
    auto_top_up_id: settings.id,
    wallet_id: settings.wallet_id,
    customer_id: settings.customer_id,
    stripe_customer_id: settings.stripe_customer_id,
    stripe_payment_method_id: settings.stripe_payment_method_id,
    packs,
    credits: packs * pkg.credits,
    amount,
    currency_code: settings.currency_code,
    package_title: pkg.title,
  }
}

/**
 * Decides whether a wallet's auto top-up runs now and, if so, records a `pending` attempt (one per
 * wallet at a time, by a unique index: a second caller finds it and does nothing). It does not
 * run when the owner switched it off, it is stopped after a burst, it waits after a declined card,
 * the month's count or amount limit is reached, the wallet's monthly spending budget (with
 * `block`) is used up, or (for the threshold trigger) available credit is not below the threshold. A burst (more than `AUTO_TOP_UP_BURST.max` top-ups within an hour)
 * stops it and raises an alert. Compensation drops the pending attempt.
 */
export const reserveAutoTopUpStep = createStep(
  "ai-credits-reserve-auto-top-up",
  async (input: { auto_top_up_id: string; trigger: AutoTopUpTrigger; now?: string }, { container }) => {
    const decision = await decideAutoTopUp(container, input)
    return new StepResponse(decision, decision.go ? decision.attempt_id : null)
  },
  async (attemptId, { container }) => {
    if (attemptId) {
      await billing(container).deleteAiCreditAutoTopUpAttempts(attemptId)
    }
  }
)
