import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { AI_CREDITS_MODULE } from "../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../modules/ai-credits/service"
import { saveOwnAutoTopUpWorkflow } from "../../../../../workflows"
import { autoTopUpView } from "../../../../admin/ai-credits/plans/auto-top-up-view"
import type { StoreSaveAutoTopUpType } from "../../../../admin/ai-credits/plans/validators"

/** The customer's own auto top-up settings and latest top-ups, or null. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const wallet = await credits.findWallet("customer", req.auth_context.actor_id)
  res.json({ auto_top_up: wallet ? await autoTopUpView(req.scope, wallet.id) : null })
}

/**
 * The customer sets up (or changes) auto top-up of their own wallet, allowing their card to be
 * charged off-session when their credit runs low. Saving also resumes it after a stop.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreSaveAutoTopUpType>, res: MedusaResponse) => {
  await saveOwnAutoTopUpWorkflow(req.scope).run({
    input: { ...req.validatedBody, customer_id: req.auth_context.actor_id },
  })
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  const wallet = await credits.findWallet("customer", req.auth_context.actor_id)
  res.json({ auto_top_up: await autoTopUpView(req.scope, wallet!.id) })
}
