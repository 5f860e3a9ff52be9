import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

/**
 * Soft-deletes a credit package: its variant stops granting credits (an order captured later
 * grants nothing for it, so prefer `is_active: false` while orders are still being paid).
 * Grants already made stay, and a cancel or refund still revokes them. Compensation restores it.
 */
export const deleteCreditPackageStep = createStep(
  "ai-credits-delete-credit-package",
  async (input: { id: string }, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.softDeleteAiCreditPackages([input.id])
    return new StepResponse({ id: input.id }, input.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.restoreAiCreditPackages([id])
  }
)
