import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../../../modules/ai-credits/service"
import { updateAutoTopUpWorkflow } from "../../../../../../workflows"
import { autoTopUpView } from "../../../plans/auto-top-up-view"
import type { AdminUpdateAutoTopUpType } from "../../../plans/validators"

/** The wallet's auto top-up settings and latest top-ups (with Stripe ids), or null; 404 for an unknown wallet. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const credits: AiCreditsModuleService = req.scope.resolve(AI_CREDITS_MODULE)
  await credits.retrieveAiCreditWallet(req.params.id)
  res.json({ auto_top_up: await autoTopUpView(req.scope, req.params.id, { withStripeIds: true }) })
}

/**
 * Changes the wallet's auto top-up: limits, switching it off, or resuming it after a burst stop
 * or declined cards. Only the owner can set it up (404 when they have not).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateAutoTopUpType>, res: MedusaResponse) => {
  const current = await autoTopUpView(req.scope, req.params.id)
  if (!current) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "This wallet has no auto top-up; its owner sets it up")
  }
  await updateAutoTopUpWorkflow(req.scope).run({
    input: { ...req.validatedBody, wallet_id: req.params.id, auto_top_up_id: current.id },
  })
  res.json({ auto_top_up: await autoTopUpView(req.scope, req.params.id, { withStripeIds: true }) })
}
