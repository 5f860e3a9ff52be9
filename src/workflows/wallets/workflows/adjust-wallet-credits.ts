import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { Actor, WalletOwnerType } from "../../../modules/ai-credits"
import type { AdjustmentGrantSource } from "../../../modules/ai-credits/types"
import { debitCreditsStep, grantCreditsStep, validateWalletOwnerStep } from "../steps"

export type AdjustWalletCreditsInput = {
  owner_type: WalletOwnerType
  owner_id: string
  /** Positive adds a grant (source "adjustment" unless given); negative takes credits out. Never zero. */
  amount: number
  reason: string
  idempotency_key: string
  actor: Actor
  /** For a positive adjustment: when the credits lapse. */
  expires_at?: string | Date | null
  /** For a positive adjustment: the modules that may spend them. */
  modules?: string[] | null
  /** For a positive adjustment: the grant's priority (lower is spent first; default 50). */
  priority?: number
  /** For a positive adjustment: what the grant is for (default "adjustment"). */
  source?: AdjustmentGrantSource
  /** For a negative adjustment: take from this grant only. */
  grant_id?: string
}

/**
 * A manual adjustment by an admin: a grant for a positive amount, a debit (in burn order, or from
 * one grant) for a negative one. The wallet is created when the owner has none yet.
 */
export const adjustWalletCreditsWorkflow = createWorkflow(
  "ai-credits-adjust-wallet-credits",
  (input: AdjustWalletCreditsInput) => {
    validateWalletOwnerStep({ owner_type: input.owner_type, owner_id: input.owner_id })

    const granted = when({ input }, ({ input }) => input.amount > 0).then(() => {
      const grantInput = transform({ input }, ({ input }) => ({
        owner_type: input.owner_type,
        owner_id: input.owner_id,
        amount: input.amount,
        source: input.source ?? ("adjustment" as const),
        priority: input.priority,
        cost_basis: "promotional" as const,
        reason: input.reason,
        idempotency_key: input.idempotency_key,
        actor: input.actor,
        expires_at: input.expires_at ?? null,
        modules: input.modules ?? null,
        reference_type: input.actor.type === "user" ? "user" : null,
        reference_id: input.actor.type === "user" ? input.actor.id ?? null : null,
      }))
      return grantCreditsStep(grantInput)
    })

    const debited = when({ input }, ({ input }) => input.amount < 0).then(() => {
      const debitInput = transform({ input }, ({ input }) => ({
        owner_type: input.owner_type,
        owner_id: input.owner_id,
        amount: -input.amount,
        grant_id: input.grant_id,
        reason: input.reason,
        idempotency_key: input.idempotency_key,
        actor: input.actor,
        mode: "exact" as const,
        entry_type: input.grant_id ? ("revoke" as const) : ("adjust" as const),
      }))
      return debitCreditsStep(debitInput)
    })

    const result = transform({ granted, debited }, ({ granted, debited }) => ({
      balance: (granted ?? debited)!.balance,
      grant: granted?.grant ?? null,
      taken: debited?.taken ?? 0,
      replayed: Boolean((granted ?? debited)?.replayed),
    }))
    return new WorkflowResponse(result)
  }
)
