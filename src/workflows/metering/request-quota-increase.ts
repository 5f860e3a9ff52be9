import type { MedusaContainer } from "@medusajs/framework/types"
import { CreditError } from "../../modules/ai-credits/errors"
import { actorOf, Caller } from "../../modules/ai-credits/policy"
import { openApprovalRequestWorkflow, serializeApprovalRequest } from "../governance"
import { creditsService } from "./ai-modules"
import { buildCallerContext } from "./caller-context"
import { quotasOf } from "./quotas"

/**
 * A requester asks for more of a `require_approval` quota that applies to them, in its current
 * window. The pending request for that window is returned when there already is one.
 */
export async function requestQuotaIncrease(
  container: MedusaContainer,
  caller: Caller,
  input: { rule_id: string; amount: number; reason?: string | null }
) {
  const [rule] = await creditsService(container).listAiCreditQuotaRules({ id: input.rule_id, is_active: true }, { take: 1 })
  if (!rule || rule.action !== "require_approval") {
    throw new CreditError("not_found", "No quota rule that takes approval requests has this id", { rule_id: input.rule_id })
  }
  // The rule as it applies to this caller: its subject and current window.
  const check = (await quotasOf(container, await buildCallerContext(container, caller), rule.module ?? "*")).find((q) => q.rule_id === rule.id)
  if (!check) {
    throw new CreditError("not_allowed", `The quota "${rule.name}" does not apply to you`, { rule_id: rule.id })
  }
  const actor = actorOf(caller)
  if (actor.type === "system") {
    throw new CreditError("not_allowed", "A server API key cannot ask for a quota increase")
  }
  const { result } = await openApprovalRequestWorkflow(container).run({
    input: {
      rule_id: rule.id,
      rule_name: rule.name,
      subject: check.subject,
      bucket_start: check.bucket_start,
      window_resets_at: check.resets_at,
      module: rule.module,
      metric: rule.metric,
      requester_type: actor.type,
      requester_id: actor.id,
      requested_amount: input.amount,
      reason: input.reason ?? null,
      explicit: true,
    },
  })
  return { approval_request: serializeApprovalRequest(result.request), created: result.created }
}
