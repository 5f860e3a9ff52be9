import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { loadSubscriptionStep } from "../steps/load-subscription"
import { revokeSubscriptionCreditsStep } from "../steps/revoke-subscription-credits"
import { updateSubscriptionStep } from "../steps/update-subscription"

export type EndSubscriptionInput = { subscription_id: string; ended_at: string; reason?: string }

/** Ends a subscription: what is left of its plan, rollover and trial credits is revoked, and it is canceled for good. */
export const endSubscriptionWorkflow = createWorkflow("ai-credits-end-subscription", (input: EndSubscriptionInput) => {
  const { subscription } = loadSubscriptionStep({ subscription_id: input.subscription_id })
  const revoked = revokeSubscriptionCreditsStep(
    transform({ subscription, input }, ({ subscription, input }) => ({
      subscription,
      reason: input.reason ?? "subscription ended",
    }))
  )
  const updated = updateSubscriptionStep(
    transform({ input }, ({ input }) => ({
      id: input.subscription_id,
      status: "canceled" as const,
      canceled_at: new Date(input.ended_at),
      last_event_at: new Date(input.ended_at),
    }))
  )
  return new WorkflowResponse(transform({ updated, revoked }, ({ updated, revoked }) => ({ subscription: updated, revoked: revoked.revoked })))
})
