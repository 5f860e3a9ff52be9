import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CreditPackageFills, CreditPackageKind } from "../../../modules/ai-credits/types"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

/** The fields of a credit package an admin sets. */
export type CreditPackageFields = {
  title?: string
  credits?: number
  kind?: CreditPackageKind
  validity_days?: number | null
  fills?: CreditPackageFills
  modules?: string[] | null
  is_active?: boolean
  rank?: number
  priority?: number
  metadata?: Record<string, unknown> | null
}

/**
 * Creates a credit package (not yet linked to its variant). Compensation deletes it.
 *
 * @example
 * const pkg = createCreditPackageStep({ title: "1,000 credits", credits: 1000 })
 */
export const createCreditPackageStep = createStep(
  "ai-credits-create-credit-package",
  async (input: CreditPackageFields & { title: string; credits: number }, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const created = await credits.createAiCreditPackages({
      ...input,
      modules: input.modules?.length ? input.modules : null,
    })
    return new StepResponse(created, created.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    await credits.deleteAiCreditPackages([id])
  }
)
