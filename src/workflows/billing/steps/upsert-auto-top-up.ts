import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { billing } from "../subscription-credits"

export type AutoTopUpFields = {
  enabled?: boolean
  threshold?: number
  package_id?: string
  target_balance?: number | null
  max_per_month?: number
  monthly_amount_limit?: string | null
  day_of_month?: number | null
  currency_code?: string
}

/**
 * Creates or changes a wallet's auto top-up settings. Saving them clears a stop after a burst
 * and the back-off after declined cards. Compensation puts the previous settings back (or
 * deletes new ones).
 */
export const upsertAutoTopUpStep = createStep(
  "ai-credits-upsert-auto-top-up",
  async (
    input: AutoTopUpFields & { wallet_id: string; customer_id?: string; stripe_customer_id?: string; stripe_payment_method_id?: string },
    { container }
  ) => {
    const service = billing(container)
    const [current] = await service.listAiCreditAutoTopUps({ wallet_id: input.wallet_id }, { take: 1 })
    const values: Record<string, unknown> = { ...input, suspended_reason: null, paused_until: null, consecutive_failures: 0 }
    type Compensation = { previous: Record<string, unknown> | null; created: string | null }
    if (current) {
      const saved = await service.updateAiCreditAutoTopUps({ ...values, id: current.id })
      return new StepResponse<{ id: string }, Compensation>(saved, { previous: current, created: null })
    }
    if (!input.customer_id || !input.stripe_customer_id || !input.stripe_payment_method_id || input.threshold === undefined || !input.package_id) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Only the wallet's owner can set up auto top-up (with their card)")
    }
    const saved = await service.createAiCreditAutoTopUps(values)
    return new StepResponse<{ id: string }, Compensation>(saved, { previous: null, created: saved.id })
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const service = billing(container)
    if (compensation.created) {
      await service.deleteAiCreditAutoTopUps(compensation.created)
    } else if (compensation.previous) {
      const { attempts: _attempts, created_at: _c, updated_at: _u, deleted_at: _d, ...previous } = compensation.previous
      await service.updateAiCreditAutoTopUps(previous as { id: string })
    }
  }
)
