import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { loadOrderCreditState } from "../order-credit-state"

/**
 * Reads the order's credit-pack lines (with their package terms) and payment state: captured,
 * when, how much, and the refunds. Run it under the order's lock, so what it reads is what the
 * next steps act on. Read-only.
 */
export const loadOrderCreditStateStep = createStep(
  "ai-credits-load-order-credit-state",
  async (input: { order_id: string }, { container }) => {
    return new StepResponse(await loadOrderCreditState(container, input.order_id))
  }
)
