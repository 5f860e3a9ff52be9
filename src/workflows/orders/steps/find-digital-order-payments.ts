import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import { digitalOrderPaymentsToCapture } from "../order-credit-state"

export type FindDigitalOrderPaymentsStepInput = { order_id: string }

/**
 * The payments to capture as the order is placed: with `credit_packs.capture: "on_order"`, those
 * of an order that holds only credit packs; none otherwise. Read-only, so nothing to compensate.
 */
export const findDigitalOrderPaymentsStep = createStep(
  "ai-credits-find-digital-order-payments",
  async (input: FindDigitalOrderPaymentsStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    if (credits.options.credit_packs.capture !== "on_order") {
      return new StepResponse({ payment_ids: [] as string[] })
    }
    return new StepResponse({ payment_ids: await digitalOrderPaymentsToCapture(container, input.order_id) })
  }
)
