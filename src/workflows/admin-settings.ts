import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resolveAlertStep } from "./steps/resolve-alert"
import { setPriceStep, SetPriceStepInput } from "./steps/set-price"
import { validatePriceScopeStep } from "./steps/validate-price-scope"
import { updateWalletSettingsStep, UpdateWalletSettingsStepInput } from "./steps/update-wallet-settings"
import { upsertPoolMemberStep, UpsertPoolMemberStepInput } from "./steps/upsert-pool-member"

/** Sets a price as a new version; charged usage keeps the version it was charged at. */
export const setPriceWorkflow = createWorkflow("ai-credits-set-price", (input: SetPriceStepInput) => {
  validatePriceScopeStep(input)
  return new WorkflowResponse(setPriceStep(input))
})

/** Adds a sales channel to a pool or changes its allocation cap. */
export const upsertPoolMemberWorkflow = createWorkflow(
  "ai-credits-upsert-pool-member",
  (input: UpsertPoolMemberStepInput) => {
    return new WorkflowResponse(upsertPoolMemberStep(input))
  }
)

/** Marks an alert as dealt with. */
export const resolveAlertWorkflow = createWorkflow("ai-credits-resolve-alert", (input: { id: string }) => {
  return new WorkflowResponse(resolveAlertStep(input))
})

/** Changes a wallet's limits, budget and alert settings. */
export const updateWalletSettingsWorkflow = createWorkflow(
  "ai-credits-update-wallet-settings",
  (input: UpdateWalletSettingsStepInput) => {
    return new WorkflowResponse(updateWalletSettingsStep(input))
  }
)
