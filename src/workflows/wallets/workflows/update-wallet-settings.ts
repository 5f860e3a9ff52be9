import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { updateWalletSettingsStep, UpdateWalletSettingsStepInput } from "../steps/update-wallet-settings"

/** Changes a wallet's limits, budget and alert settings. */
export const updateWalletSettingsWorkflow = createWorkflow(
  "ai-credits-update-wallet-settings",
  (input: UpdateWalletSettingsStepInput) => {
    return new WorkflowResponse(updateWalletSettingsStep(input))
  }
)
