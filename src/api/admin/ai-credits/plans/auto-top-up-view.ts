import type { MedusaContainer } from "@medusajs/framework/types"
import { AI_CREDITS_BILLING_MODULE } from "../../../../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../../../../modules/ai-credits-billing/service"

type Raw = { value?: string } | null | undefined

/** A wallet's auto top-up settings with its latest attempts (amount charged and credits granted apart), or null. */
export async function autoTopUpView(container: MedusaContainer, walletId: string, { withStripeIds = false } = {}) {
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const [settings] = await billing.listAiCreditAutoTopUps({ wallet_id: walletId }, { take: 1 })
  if (!settings) {
    return null
  }
  const attempts = await billing.listAiCreditAutoTopUpAttempts(
    { auto_top_up_id: settings.id },
    { take: 20, order: { created_at: "DESC" } }
  )
  return {
    id: settings.id,
    wallet_id: settings.wallet_id,
    enabled: settings.enabled,
    threshold: settings.threshold,
    package_id: settings.package_id,
    target_balance: settings.target_balance,
    max_per_month: settings.max_per_month,
    monthly_amount_limit: (settings.raw_monthly_amount_limit as Raw)?.value ?? null,
    currency_code: settings.currency_code,
    day_of_month: settings.day_of_month,
    paused_until: settings.paused_until,
    consecutive_failures: settings.consecutive_failures,
    suspended_reason: settings.suspended_reason,
    ...(withStripeIds ? { stripe_customer_id: settings.stripe_customer_id, stripe_payment_method_id: settings.stripe_payment_method_id } : {}),
    attempts: attempts.map((attempt) => ({
      id: attempt.id,
      trigger: attempt.trigger,
      status: attempt.status,
      packs: attempt.packs,
      credits: attempt.credits,
      amount: (attempt.raw_amount as Raw)?.value ?? String(attempt.amount),
      currency_code: attempt.currency_code,
      error: attempt.error,
      created_at: attempt.created_at,
      ...(withStripeIds ? { stripe_payment_intent_id: attempt.stripe_payment_intent_id } : {}),
    })),
  }
}
