import { Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createRemoteLinkStep } from "@medusajs/medusa/core-flows"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import { type CreditPackageFields, createCreditPackageStep } from "../steps/create-credit-package"
import { validateCreditPackVariantStep } from "../steps/validate-credit-pack-variant"

export type CreateCreditPackageInput = CreditPackageFields & { variant_id: string; credits: number }

/**
 * Makes an existing product variant a credit package: buying it grants `credits` to the wallet
 * the package fills. Refuses a variant that does not exist (404) or is already a package (422).
 * Compensation deletes the package and the link.
 */
export const createCreditPackageWorkflow = createWorkflow(
  "ai-credits-create-credit-package",
  (input: CreateCreditPackageInput) => {
    const variant = validateCreditPackVariantStep({ variant_id: input.variant_id })
    const pkg = createCreditPackageStep(
      transform({ input, variant }, ({ input, variant }) => {
        const { variant_id: _variantId, ...fields } = input
        return { ...fields, title: fields.title ?? variant.default_title }
      })
    )
    createRemoteLinkStep(
      transform({ pkg, variant }, ({ pkg, variant }) => [
        {
          [AI_CREDITS_MODULE]: { ai_credit_package_id: pkg.id },
          [Modules.PRODUCT]: { product_variant_id: variant.variant_id },
        },
      ])
    )
    return new WorkflowResponse(pkg)
  }
)
