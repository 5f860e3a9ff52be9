import { Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createRemoteLinkStep, dismissRemoteLinkStep } from "@medusajs/medusa/core-flows"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import {
  CreditPackageFields,
  createCreditPackageStep,
  deleteCreditPackageStep,
  retrieveCreditPackageLinkStep,
  updateCreditPackageStep,
  validateCreditPackVariantStep,
} from "./steps/credit-packages"

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

export type UpdateCreditPackageInput = CreditPackageFields & { id: string }

/** Changes a credit package's terms. Compensation restores the previous ones. */
export const updateCreditPackageWorkflow = createWorkflow(
  "ai-credits-update-credit-package",
  (input: UpdateCreditPackageInput) => {
    retrieveCreditPackageLinkStep({ id: input.id })
    return new WorkflowResponse(updateCreditPackageStep(input))
  }
)

/**
 * Deletes a credit package (soft) and unlinks its variant, which then sells as an ordinary
 * product. To stop offering a pack while orders of it are still being paid, set `is_active`
 * to false instead. Compensation restores both.
 */
export const deleteCreditPackageWorkflow = createWorkflow(
  "ai-credits-delete-credit-package",
  (input: { id: string }) => {
    const found = retrieveCreditPackageLinkStep({ id: input.id })
    when("ai-credits-delete-credit-package-linked", { found }, ({ found }) => Boolean(found.variant_id)).then(() => {
      dismissRemoteLinkStep(
        transform({ found }, ({ found }) => [
          {
            [AI_CREDITS_MODULE]: { ai_credit_package_id: found.id },
            [Modules.PRODUCT]: { product_variant_id: found.variant_id! },
          },
        ])
      )
    })
    return new WorkflowResponse(deleteCreditPackageStep({ id: input.id }))
  }
)
