import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import { CREDIT_PACKAGE_TERMS } from "../../../modules/ai-credits/types"
import type { CreditPackageFields } from "./create-credit-package"

/**
 * Changes a credit package's terms. Orders already granted keep what they were granted; orders
 * whose payment is captured later are granted with the new terms. Compensation restores the
 * previous values.
 */
export const updateCreditPackageStep = createStep(
  "ai-credits-update-credit-package",
  async (input: CreditPackageFields & { id: string }, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const before = await credits.retrieveAiCreditPackage(input.id)
    const { id, ...changes } = input
    const update: Record<string, unknown> = { id }
    const previous: Record<string, unknown> = { id }
    for (const field of CREDIT_PACKAGE_TERMS) {
      if (changes[field] !== undefined) {
        update[field] = field === "modules" && !changes.modules?.length ? null : changes[field]
        previous[field] = before[field]
      }
    }
    const updated = await credits.updateAiCreditPackages(update)
    return new StepResponse(updated, previous)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.updateAiCreditPackages(previous)
  }
)
