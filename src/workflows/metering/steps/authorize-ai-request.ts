import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { authorizeAiRequest } from "../authorize"
import { releaseAiRequest } from "../settle"
import type { AuthorizeAiRequestInput } from "../types"

export type AuthorizeAiRequestStepInput = AuthorizeAiRequestInput

export type AuthorizeAiRequestStepOutput = {
  decision: "allow" | "fallback"
  authorization_id: string | null
  provider: string | null
  model: string | null
  fallback: { type: string; message?: string } | null
}

type Hold = { caller: AuthorizeAiRequestInput["caller"]; authorization_id: string } | null

/**
 * Holds credits for an AI call inside a workflow. Returns the routing (provider, model) and the
 * authorization id, or `decision: "fallback"` when the module degrades. Compensation releases the
 * hold, so a later failing step never leaves credits held. Pair it with `captureAiRequestStep`.
 *
 * @example
 * const auth = authorizeAiRequestStep({ caller: { user_id }, module: "content" })
 * const text = generateDescriptionStep({ model: auth.model, ... })
 * captureAiRequestStep({ caller: { user_id }, authorization_id: auth.authorization_id, usage: text.usage })
 */
export const authorizeAiRequestStep = createStep(
  "ai-credits-authorize-ai-request",
  async (input: AuthorizeAiRequestStepInput, { container }): Promise<StepResponse<AuthorizeAiRequestStepOutput, Hold>> => {
    const outcome = await authorizeAiRequest(container, input)
    if (outcome.decision === "fallback") {
      return new StepResponse(
        { decision: "fallback", authorization_id: null, provider: null, model: null, fallback: outcome.fallback },
        null
      )
    }
    const authorizationId = outcome.result.reservation.id
    return new StepResponse(
      {
        decision: "allow",
        authorization_id: authorizationId,
        provider: outcome.provider,
        model: outcome.model,
        fallback: outcome.fallback,
      },
      { caller: input.caller, authorization_id: authorizationId }
    )
  },
  async (hold: Hold | undefined, { container }) => {
    if (!hold) {
      return
    }
    // Releasing a captured authorization is refused by the ledger, so a captured call stays charged.
    await releaseAiRequest(container, hold.caller, hold.authorization_id).catch(() => undefined)
  }
)
