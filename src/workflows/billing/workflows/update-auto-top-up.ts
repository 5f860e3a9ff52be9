import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { type AutoTopUpFields, upsertAutoTopUpStep } from "../steps/upsert-auto-top-up"
import { validateTopUpPackageStep } from "../steps/validate-top-up-package"

/**
 * An admin changes a wallet's auto top-up (limits, switch off, resume after a burst). Only the
 * owner can set it up, since only they can allow their card to be charged.
 */
export const updateAutoTopUpWorkflow = createWorkflow(
  "ai-credits-update-auto-top-up",
  (input: AutoTopUpFields & { wallet_id: string; auto_top_up_id: string }) => {
    validateTopUpPackageStep({ package_id: input.package_id, currency_code: input.currency_code, auto_top_up_id: input.auto_top_up_id })
    const saved = upsertAutoTopUpStep(
      transform({ input }, ({ input }) => {
        const { auto_top_up_id: _id, ...fields } = input
        return fields
      })
    )
    return new WorkflowResponse(saved)
  }
)
