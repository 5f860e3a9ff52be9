import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { AutoTopUpTrigger } from "../../../modules/ai-credits-billing"
import { chargeAutoTopUpStep } from "../steps/charge-auto-top-up"
import { type ReadyAutoTopUp, reserveAutoTopUpStep } from "../steps/reserve-auto-top-up"
import { settleAutoTopUpStep } from "../steps/settle-auto-top-up"

export type AutoTopUpWalletInput = { auto_top_up_id: string; trigger: AutoTopUpTrigger }

/**
 * One auto top-up of a wallet, when its settings allow it now: a pending attempt is recorded (at
 * most one per wallet), the owner's saved card is charged off-session, and the credits are granted
 * on success; a failure is recorded, alerted and backed off, and grants nothing. The amount
 * charged and the credits granted are kept apart on the attempt.
 */
export const autoTopUpWalletWorkflow = createWorkflow("ai-credits-auto-top-up-wallet", (input: AutoTopUpWalletInput) => {
  const decision = reserveAutoTopUpStep(input)
  const settled = when("ai-credits-auto-top-up-go", { decision }, ({ decision }) => decision.go).then(() => {
    const ready = transform({ decision }, ({ decision }) => decision as ReadyAutoTopUp)
    const charge = chargeAutoTopUpStep(ready)
    return settleAutoTopUpStep({ decision: ready, charge })
  })
  return new WorkflowResponse(
    transform({ decision, settled }, ({ decision, settled }) =>
      decision.go
        ? { status: settled!.status, attempt_id: decision.attempt_id, credits: settled!.credits, amount: settled!.amount }
        : { status: "skipped" as const, reason: decision.reason }
    )
  )
})
