import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { capturePaymentWorkflow } from "@medusajs/medusa/core-flows"

export type CaptureOrderPaymentsStepInput = { payment_ids: string[] }

/**
 * Captures each payment in full through Medusa's own capture workflow (the payment provider,
 * the order's transactions and `payment.captured`, whose subscriber grants the credits). No
 * compensation: money that was captured is given back by a refund, which revokes the credits,
 * never silently by a rollback.
 */
export const captureOrderPaymentsStep = createStep(
  "ai-credits-capture-order-payments",
  async (input: CaptureOrderPaymentsStepInput, { container }) => {
    const captured: string[] = []
    for (const paymentId of input.payment_ids) {
      await capturePaymentWorkflow(container).run({ input: { payment_id: paymentId } })
      captured.push(paymentId)
    }
    return new StepResponse({ captured })
  }
)
