import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

/** Marks an alert as dealt with. Compensation reopens it. */
export const resolveAlertStep = createStep(
  "ai-credits-resolve-alert",
  async (input: { id: string }, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const before = await credits.retrieveAiCreditAlert(input.id)
    const alert = await credits.updateAiCreditAlerts({ id: input.id, status: "resolved", resolved_at: new Date() })
    return new StepResponse(alert, { id: input.id, status: before.status, resolved_at: before.resolved_at })
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.updateAiCreditAlerts(previous)
  }
)
