import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { packagePrice } from "../credit-package-price"
import { billing } from "../subscription-credits"

/** Checks the package a top-up buys exists and has a price in the top-up's currency. */
export const validateTopUpPackageStep = createStep(
  "ai-credits-validate-top-up-package",
  async (input: { package_id?: string; currency_code?: string; auto_top_up_id?: string | null }, { container }) => {
    const current = input.auto_top_up_id ? await billing(container).retrieveAiCreditAutoTopUp(input.auto_top_up_id) : null
    const packageId = input.package_id ?? current?.package_id
    if (!packageId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "package_id is required")
    }
    const pkg = await packagePrice(container, packageId, input.currency_code ?? current?.currency_code ?? "usd").catch(() => {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Credit package ${packageId} is not for sale in ${input.currency_code ?? current?.currency_code ?? "usd"}`)
    })
    return new StepResponse(pkg)
  }
)
