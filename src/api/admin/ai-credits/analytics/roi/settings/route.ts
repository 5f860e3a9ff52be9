import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  AI_CREDITS_ANALYTICS_MODULE,
  type AiCreditsAnalyticsModuleService,
} from "../../../../../../modules/ai-credits-analytics"
import type { AdminUpdateRoiSettingsType } from "../../validators"
import { updateAiCreditsRoiSettingsWorkflow } from "../../../../../../workflows/analytics"

/** The merchant's ROI assumptions (defaults until saved). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const analytics: AiCreditsAnalyticsModuleService = req.scope.resolve(AI_CREDITS_ANALYTICS_MODULE)
  const { id: _id, ...settings } = await analytics.getRoiSettings()
  res.json({ settings })
}

/** Changes them: any of minutes_saved_per_item, hourly_rate, currency_code, automation_modules, attribution_window_days. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateRoiSettingsType>, res: MedusaResponse) => {
  const { result } = await updateAiCreditsRoiSettingsWorkflow(req.scope).run({ input: req.validatedBody })
  const { id: _id, ...settings } = result
  res.json({ settings })
}
