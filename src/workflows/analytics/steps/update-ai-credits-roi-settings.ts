import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  AI_CREDITS_ANALYTICS_MODULE,
  type AiCreditsAnalyticsModuleService,
  type RoiSettingsUpdate,
  type RoiSettingsValues,
} from "../../../modules/ai-credits-analytics"

/** Saves the ROI assumptions; compensation puts the previous ones back. */
export const updateAiCreditsRoiSettingsStep = createStep(
  "update-ai-credits-roi-settings",
  async (input: RoiSettingsUpdate, { container }) => {
    const analytics: AiCreditsAnalyticsModuleService = container.resolve(AI_CREDITS_ANALYTICS_MODULE)
    const { id: _id, ...previous } = await analytics.getRoiSettings()
    const settings = await analytics.saveRoiSettings(input)
    return new StepResponse(settings, previous as RoiSettingsValues)
  },
  async (previous, { container }) => {
    if (!previous) {
      return
    }
    const analytics: AiCreditsAnalyticsModuleService = container.resolve(AI_CREDITS_ANALYTICS_MODULE)
    await analytics.saveRoiSettings(previous)
  }
)
