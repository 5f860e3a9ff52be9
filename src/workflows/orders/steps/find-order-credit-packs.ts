import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { findOrderWithCreditPacks, type OrderCreditsTrigger } from "../order-credit-state"

export type FindOrderCreditPacksStepInput = OrderCreditsTrigger

/**
 * Finds the order an event is about (from an order id, or a payment's collection) and whether it
 * has credit-pack lines (or grants). Read-only, so nothing to compensate.
 */
export const findOrderCreditPacksStep = createStep(
  "ai-credits-find-order-credit-packs",
  async (input: FindOrderCreditPacksStepInput, { container }) => {
    return new StepResponse(await findOrderWithCreditPacks(container, input))
  }
)
