import type { MedusaContainer } from "@medusajs/framework/types"
import { AI_CREDITS_MODULE } from "../../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../../modules/ai-credits/service"
import {
  loadOrderCreditRecords,
  loadOrderCreditState,
  orderShortfallAlertKey,
} from "../../../../workflows"

/**
 * What an order's credit packs did: its pack lines and payment state, the grants (rolled-back
 * ones flagged), the revocations of cancels and refunds with what fell short, and the alerts.
 */
export async function orderCreditsView(container: MedusaContainer, orderId: string) {
  const state = await loadOrderCreditState(container, orderId)
  const records = await loadOrderCreditRecords(container, orderId, state.refunds)
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  const alerts = await credits.listAiCreditAlerts(
    { dedupe_key: [orderShortfallAlertKey(orderId)] },
    { order: { created_at: "DESC" }, take: 20 }
  )
  const live = records.grants.filter((g) => !g.rolled_back)
  return {
    order_id: state.order_id,
    status: state.status,
    canceled: state.canceled,
    captured: state.captured,
    captured_at: state.captured_at,
    captured_amount: state.captured_amount,
    refunded_amount: state.refunded_amount,
    currency_code: state.currency_code,
    lines: state.lines,
    grants: records.grants,
    revocations: records.revocations,
    totals: {
      granted: live.reduce((sum, g) => sum + g.amount, 0),
      remaining: live.reduce((sum, g) => sum + g.remaining, 0),
      revoked: records.revocations.reduce((sum, r) => sum + r.taken, 0),
      shortfall: records.revocations.reduce((sum, r) => sum + r.shortfall, 0),
    },
    alerts,
  }
}
