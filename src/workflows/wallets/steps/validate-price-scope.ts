import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

export type ValidatePriceScopeStepInput = { scope_type?: "default" | "pool" | "plan"; scope_id?: string | null }

/**
 * Refuses a price for a plan or pool that does not exist: nothing would ever be charged at it, and
 * no route removes a price, so it would stay as junk. The plan belongs to the billing module and
 * is looked up through Query.
 */
export const validatePriceScopeStep = createStep(
  "ai-credits-validate-price-scope",
  async (input: ValidatePriceScopeStepInput, { container }) => {
    const scopeId = input.scope_id ?? ""
    if (input.scope_type === "plan") {
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data: plans } = await query.graph({ entity: "ai_credit_plan", fields: ["id"], filters: { id: scopeId } })
      if (!plans.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `There is no plan "${scopeId}" to price for`)
      }
    }
    if (input.scope_type === "pool") {
      const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
      const wallets = await credits.listAiCreditWallets({ id: scopeId }, { take: 1, select: ["id"] })
      if (!wallets.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `There is no pool "${scopeId}" to price for`)
      }
    }
    return new StepResponse(undefined)
  }
)
