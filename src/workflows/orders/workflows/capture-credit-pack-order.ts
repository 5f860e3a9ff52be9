import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { captureOrderPaymentsStep } from "../steps/capture-order-payments"
import { findDigitalOrderPaymentsStep } from "../steps/find-digital-order-payments"

export type CaptureCreditPackOrderInput = { order_id: string }

/**
 * Credit packs are digital goods: with `credit_packs.capture: "on_order"`, the payment of an
 * order that holds only credit packs is captured as it is placed, and the `payment.captured`
 * it raises grants the credits (`grantOrderCreditsWorkflow`). An order with anything else in it
 * is left to the store's usual capture. Safe to run again: captured payments are skipped.
 */
export const captureCreditPackOrderWorkflow = createWorkflow(
  "ai-credits-capture-credit-pack-order",
  (input: CaptureCreditPackOrderInput) => {
    const found = findDigitalOrderPaymentsStep(input)
    const captured = when("ai-credits-capture-credit-pack-order-has-payments", { found }, ({ found }) =>
      Boolean(found.payment_ids.length)
    ).then(() => captureOrderPaymentsStep(found))
    return new WorkflowResponse(transform({ captured }, ({ captured }) => ({ captured: captured?.captured ?? [] })))
  }
)
