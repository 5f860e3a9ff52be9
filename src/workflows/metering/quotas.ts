import type { MedusaContainer } from "@medusajs/framework/types"
import type { CreditError } from "../../modules/ai-credits/errors"
import { actorOf, CallerContext, quotaScopeOf, serverKeyQuota, withRetryAfter } from "../../modules/ai-credits/policy"
import type { QuotaCheck } from "../../modules/ai-credits/quota/matching"
import type { ReservationResult } from "../../modules/ai-credits/service"
import { approvalRefusal, withApprovedIncreases } from "../governance"
import { creditsService } from "./ai-modules"

/**
 * The quota counters of a request: every active rule whose scope matches it (admin users by their
 * roles, subscribers by their plan), with the increases approved for `require_approval` rules;
 * and a server API key's monthly credit limit.
 */
export async function quotasOf(container: MedusaContainer, context: CallerContext, module: string): Promise<QuotaCheck[]> {
  const credits = creditsService(container)
  const checks = await withApprovedIncreases(container, await credits.quotasFor(quotaScopeOf(context, module)))
  const key = context.caller.api_key
  return key ? [...checks, serverKeyQuota(key, credits.options.time_zone)] : checks
}

/**
 * A blocking quota refusal as the API answers it: 429 with the rule, what remains, when it resets
 * and a Retry-After; for a `require_approval` rule, 403 `approval_required` with the approval
 * request opened for it. Approvals are for identified requesters (customers, admin users): an
 * anonymous visitor mints a new id per request, so each would open a request of its own and
 * flood the admin's queue; it gets the plain 429 instead.
 */
export async function quotaRefusal(
  container: MedusaContainer,
  context: CallerContext,
  error: CreditError,
  quotas: QuotaCheck[],
  module: string
): Promise<CreditError> {
  const ruleId = (error.details.rule as { id?: string } | undefined)?.id
  const check = quotas.find((q) => q.rule_id === ruleId)
  const requester = actorOf(context.caller)
  if (check?.action === "require_approval" && (requester.type === "customer" || requester.type === "user")) {
    return approvalRefusal(container, requester, error, check, module)
  }
  if (check) {
    await noteQuotaBlocked(container, context, check)
  }
  return withRetryAfter(error)
}

/**
 * What a blocking quota refused, for the admin's alerts, whose occurrences count the refused
 * requests: one alert per rule, subject and window for identified callers; anonymous visitors
 * (whose ids are theirs to make up) share one per rule, window and storefront.
 */
async function noteQuotaBlocked(container: MedusaContainer, { caller }: CallerContext, check: QuotaCheck) {
  const anonymous = actorOf(caller).type === "visitor"
  const storefront = caller.publishable_key ?? caller.sales_channel_id ?? "unknown"
  const refused = anonymous ? `anonymous visitors of ${storefront}` : check.subject
  await creditsService(container).raiseAlert({
    type: "quota_blocked",
    severity: "info",
    message: `The quota "${check.name}" (${check.limit} ${check.metric}) refused requests of ${refused}`,
    dedupe_key: `quota_blocked:${check.rule_id}:${anonymous ? `visitors:${storefront}` : check.subject}:${check.bucket_start}`,
    data: {
      rule_id: check.rule_id,
      subject: anonymous ? null : check.subject,
      storefront: anonymous ? storefront : null,
      limit: check.limit,
      metric: check.metric,
      window_start: check.window_start,
      resets_at: check.resets_at,
    },
  })
}

/** Notify-only quotas a request went over: one alert per rule, subject and window, however often. */
export async function notifyQuotaOver(container: MedusaContainer, over: ReservationResult["quota_over"]) {
  for (const quota of over ?? []) {
    await creditsService(container).raiseAlert({
      type: "quota_exceeded",
      severity: "warning",
      message: `The quota "${quota.name}" (${quota.limit} ${quota.metric}) was exceeded by ${quota.subject}`,
      dedupe_key: `quota:${quota.rule_id}:${quota.subject}:${quota.bucket_start}`,
      data: { rule_id: quota.rule_id, subject: quota.subject, used: quota.used, limit: quota.limit, window_start: quota.window_start },
    })
  }
}
