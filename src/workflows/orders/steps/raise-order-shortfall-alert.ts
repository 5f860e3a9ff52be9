import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"
import type { RevokedOrderLine } from "./revoke-order-line-credits"

export type RaiseOrderShortfallAlertStepInput = {
  order_id: string
  cause: "order_canceled" | "order_refunded" | null
  revoked: RevokedOrderLine[]
}

/** The alert of an order whose revocations fell short: one per order while it is open. */
export const orderShortfallAlertKey = (orderId: string) => `refund_shortfall:order:${orderId}`

/**
 * Tells the admin when a cancel or refund could not take back all of an order's credits
 * (some were already spent): an alert of type `refund_shortfall`, one per order while open
 * (a later shortfall of the same order counts another occurrence). A revocation that only
 * replayed raises it only if the order never had one, so a retried run still raises it and a
 * replayed event does not count again. Returns the alert, or null when nothing fell short.
 * An alert is information, not a change to undo: there is no compensation (resolving it would
 * hide the shortfall from the run that retries).
 */
export const raiseOrderShortfallAlertStep = createStep(
  "ai-credits-raise-order-shortfall-alert",
  async (input: RaiseOrderShortfallAlertStepInput, { container }) => {
    const short = input.revoked.filter((r) => r.shortfall > 0)
    if (!short.length) {
      return new StepResponse(null)
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const dedupeKey = orderShortfallAlertKey(input.order_id)
    if (short.every((r) => r.replayed)) {
      const [existing] = await credits.listAiCreditAlerts({ dedupe_key: dedupeKey }, { take: 1, select: ["id"] })
      if (existing) {
        return new StepResponse(null)
      }
    }
    const total = short.reduce((sum, r) => sum + r.shortfall, 0)
    const what = input.cause === "order_canceled" ? "canceled" : "refunded"
    const alert = await credits.raiseAlert({
      type: "refund_shortfall",
      severity: "warning",
      message:
        `Order ${input.order_id} was ${what}, but ${total} of the credits it granted could not be taken back ` +
        `(already spent, held or expired).`,
      dedupe_key: dedupeKey,
      wallet_id: short[0].wallet_id,
      data: {
        order_id: input.order_id,
        cause: input.cause,
        shortfall: total,
        lines: short.map((r) => ({
          line_item_id: r.line_item_id,
          grant_id: r.grant_id,
          wallet_id: r.wallet_id,
          refund_id: r.refund_id,
          requested: r.requested,
          taken: r.taken,
          shortfall: r.shortfall,
          idempotency_key: r.idempotency_key,
        })),
      },
    })
    return new StepResponse(alert)
  }
)
