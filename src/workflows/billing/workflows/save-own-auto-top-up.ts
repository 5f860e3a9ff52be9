import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureWalletStep } from "../../wallets"
import { type SaveOwnAutoTopUpInput, saveTopUpCardStep } from "../steps/save-top-up-card"
import { upsertAutoTopUpStep } from "../steps/upsert-auto-top-up"
import { validateTopUpPackageStep } from "../steps/validate-top-up-package"

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
