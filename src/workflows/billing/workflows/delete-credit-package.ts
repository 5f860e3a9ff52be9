import { Modules } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { dismissRemoteLinkStep } from "@medusajs/medusa/core-flows"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import { deleteCreditPackageStep } from "../steps/delete-credit-package"
import { retrieveCreditPackageLinkStep } from "../steps/retrieve-credit-package-link"

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
