import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { RoiSettingsUpdate } from "../../../modules/ai-credits-analytics"
import { updateAiCreditsRoiSettingsStep } from "../steps/update-ai-credits-roi-settings"

/** Changes the merchant's ROI assumptions (minutes saved per item, hourly rate, modules, window). */
export const updateAiCreditsRoiSettingsWorkflow = createWorkflow(
  "update-ai-credits-roi-settings",
  (input: RoiSettingsUpdate) => {
    return new WorkflowResponse(updateAiCreditsRoiSettingsStep(input))
  }
)
