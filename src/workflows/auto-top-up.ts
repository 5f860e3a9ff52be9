import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  ReadyAutoTopUp,
  AutoTopUpTrigger,
  AutoTopUpFields,
  chargeAutoTopUpStep,
  reserveAutoTopUpStep,
  SaveOwnAutoTopUpInput,
  saveTopUpCardStep,
  settleAutoTopUpStep,
  upsertAutoTopUpStep,
  validateTopUpPackageStep,
} from "./steps/auto-top-up"
import { ensureWalletStep } from "./steps/ensure-wallet"

export type AutoTopUpWalletInput = { auto_top_up_id: string; trigger: AutoTopUpTrigger }

/**
 * One auto top-up of a wallet, when its settings allow it now: a pending attempt is recorded (at
 * most one per wallet), the owner's saved card is charged off-session, and the credits are granted
 * on success; a failure is recorded, alerted and backed off, and grants nothing. The amount
 * charged and the credits granted are kept apart on the attempt.
 */
export const autoTopUpWalletWorkflow = createWorkflow("ai-credits-auto-top-up-wallet", (input: AutoTopUpWalletInput) => {
  const decision = reserveAutoTopUpStep(input)
  const settled = when("ai-credits-auto-top-up-go", { decision }, ({ decision }) => decision.go).then(() => {
    const ready = transform({ decision }, ({ decision }) => decision as ReadyAutoTopUp)
    const charge = chargeAutoTopUpStep(ready)
    return settleAutoTopUpStep({ decision: ready, charge })
  })
  return new WorkflowResponse(
    transform({ decision, settled }, ({ decision, settled }) =>
      decision.go
        ? { status: settled!.status, attempt_id: decision.attempt_id, credits: settled!.credits, amount: settled!.amount }
        : { status: "skipped" as const, reason: decision.reason }
    )
  )
})

/**
 * The owner (a customer) sets up or changes auto top-up of their wallet, allowing their card to be
 * charged off-session: the package is checked, the card saved to their Stripe customer, the
 * settings stored.
 */
export const saveOwnAutoTopUpWorkflow = createWorkflow("ai-credits-save-own-auto-top-up", (input: SaveOwnAutoTopUpInput) => {
  validateTopUpPackageStep({ package_id: input.package_id, currency_code: input.currency_code })
  const wallet = ensureWalletStep({ owner_type: "customer", owner_id: input.customer_id })
  const card = saveTopUpCardStep({ customer_id: input.customer_id, payment_method_id: input.payment_method_id })
  const saved = upsertAutoTopUpStep(
    transform({ input, card, wallet }, ({ input, card, wallet }) => {
      const { payment_method_id, ...fields } = input
      return { ...fields, wallet_id: wallet.id, stripe_customer_id: card.stripe_customer_id, stripe_payment_method_id: payment_method_id }
    })
  )
  return new WorkflowResponse(saved)
})

/**
 * An admin changes a wallet's auto top-up (limits, switch off, resume after a burst). Only the
 * owner can set it up, since only they can allow their card to be charged.
 */
export const updateAutoTopUpWorkflow = createWorkflow(
  "ai-credits-update-auto-top-up",
  (input: AutoTopUpFields & { wallet_id: string; auto_top_up_id: string }) => {
    validateTopUpPackageStep({ package_id: input.package_id, currency_code: input.currency_code, auto_top_up_id: input.auto_top_up_id })
    const saved = upsertAutoTopUpStep(
      transform({ input }, ({ input }) => {
        const { auto_top_up_id: _id, ...fields } = input
        return fields
      })
    )
    return new WorkflowResponse(saved)
  }
)
