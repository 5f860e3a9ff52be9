import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { backoffAfter, divideDecimal } from "../../../modules/ai-credits-billing"
import type { AutoTopUpCharge } from "./charge-auto-top-up"
import type { ReadyAutoTopUp } from "./reserve-auto-top-up"
import { billing, credits } from "../subscription-credits"

export type AutoTopUpSettled = { status: "succeeded" | "failed"; credits: number; amount: string; error?: string }

/**
 * Settles the attempt. Paid: grants the credits (a `purchase` at the price paid per credit) and
 * marks it succeeded. Failed: marks it failed, backs off (longer after each decline), raises an
 * alert, grants nothing.
 */
export const settleAutoTopUpStep = createStep(
  "ai-credits-settle-auto-top-up",
  async (input: { decision: ReadyAutoTopUp; charge: AutoTopUpCharge }, { container }) => {
    const service = billing(container)
    const { decision, charge } = input
    const settings = await service.retrieveAiCreditAutoTopUp(decision.auto_top_up_id)
    if (charge.succeeded) {
      const grant = await credits(container).grantCredits({
        wallet_id: decision.wallet_id,
        amount: decision.credits,
        source: "purchase",
        cost_basis: "paid",
        unit_price: divideDecimal(decision.amount, BigInt(decision.credits)),
        currency_code: decision.currency_code,
        reason: `auto top-up: ${decision.packs} × ${decision.package_title} for ${decision.amount} ${decision.currency_code.toUpperCase()}`,
        actor: { type: "system" },
        idempotency_key: `auto-top-up:${decision.attempt_id}`,
        reference_type: "ai_credit_auto_top_up_attempt",
        reference_id: decision.attempt_id,
        metadata: { payment_intent_id: charge.payment_intent_id },
      })
      await service.updateAiCreditAutoTopUpAttempts({
        id: decision.attempt_id,
        status: "succeeded",
        stripe_payment_intent_id: charge.payment_intent_id,
        grant_id: grant.grant.id,
      })
      await service.updateAiCreditAutoTopUps({ id: settings.id, consecutive_failures: 0, paused_until: null })
      return new StepResponse<AutoTopUpSettled>({ status: "succeeded", credits: decision.credits, amount: decision.amount })
    }
    const failures = settings.consecutive_failures + 1
    const pausedUntil = new Date(Date.now() + backoffAfter(failures))
    await service.updateAiCreditAutoTopUpAttempts({ id: decision.attempt_id, status: "failed", error: charge.error })
    await service.updateAiCreditAutoTopUps({ id: settings.id, consecutive_failures: failures, paused_until: pausedUntil })
    await credits(container).raiseAlert({
      type: "auto_top_up_failed",
      severity: "warning",
      message: `Auto top-up of ${decision.amount} ${decision.currency_code.toUpperCase()} failed (${charge.error}); no credits were added. Next try after ${pausedUntil.toISOString()}.`,
      dedupe_key: `auto-top-up-failed:${decision.wallet_id}`,
      wallet_id: decision.wallet_id,
      data: { attempt_id: decision.attempt_id, error: charge.error, declined: charge.declined, paused_until: pausedUntil.toISOString() },
    })
    return new StepResponse<AutoTopUpSettled>({ status: "failed", credits: 0, amount: decision.amount, error: charge.error })
  }
)
