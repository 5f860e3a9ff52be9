import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { captureAiRequest } from "../settle"
import type { CaptureAiRequestInput } from "../types"

export type CaptureAiRequestStepInput = CaptureAiRequestInput

/**
 * Charges what an authorized AI call really used and records its usage event. The charge is part
 * of the ledger and is not undone by compensation: the provider was already paid for the call;
 * refund a bad result with the refund API instead.
 */
export const captureAiRequestStep = createStep(
  "ai-credits-capture-ai-request",
  async (input: CaptureAiRequestStepInput, { container }) => {
    const result = await captureAiRequest(container, input)
    return new StepResponse({ usage_event: result.usage_event, balance: result.balance })
  }
)
