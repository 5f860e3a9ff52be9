import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { CreditPackageFields } from "../steps/create-credit-package"
import { retrieveCreditPackageLinkStep } from "../steps/retrieve-credit-package-link"
import { updateCreditPackageStep } from "../steps/update-credit-package"

export type UpdateCreditPackageInput = CreditPackageFields & { id: string }

/** Changes a credit package's terms. Compensation restores the previous ones. */
export const updateCreditPackageWorkflow = createWorkflow(
  "ai-credits-update-credit-package",
  (input: UpdateCreditPackageInput) => {
    retrieveCreditPackageLinkStep({ id: input.id })
    return new WorkflowResponse(updateCreditPackageStep(input))
  }
)
