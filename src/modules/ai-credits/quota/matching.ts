import type { AdminQuotaRule } from "../../../client/types"
import { windowBounds } from "./windows"

/** A quota rule as the policy reads it: the rule the admin API lists (`src/client/types.ts`). */
export type QuotaRuleRecord = Omit<AdminQuotaRule, "created_at">

/** What a request is, as far as quota scopes care. */
export type QuotaRequest = {
  module: string
  /** Whose allowance `per: "actor"` rules count against: the customer, visitor or admin user. */
  actor_scope: string
  sales_channel_id?: string | null
  customer_group_ids?: string[]
  customer_id?: string | null
  plan_ids?: string[]
  admin_roles?: string[]
}

/** One matching rule's counter for this request, as the ledger functions take it. */
export type QuotaCheck = {
  rule_id: string
  name: string
  subject: string
  metric: QuotaRuleRecord["metric"]
  limit: number
  action: QuotaRuleRecord["action"]
  bucket_start: string
  window_start: string
  resets_at: string
}

/** A rule applies when every scope field it sets matches the request; unset fields match anything. */
export function ruleMatches(rule: QuotaRuleRecord, request: QuotaRequest): boolean {
  return (
    rule.is_active &&
    (!rule.module || rule.module === request.module) &&
    (!rule.sales_channel_id || rule.sales_channel_id === request.sales_channel_id) &&
    (!rule.customer_group_id || (request.customer_group_ids ?? []).includes(rule.customer_group_id)) &&
    (!rule.customer_id || rule.customer_id === request.customer_id) &&
    (!rule.plan_id || (request.plan_ids ?? []).includes(rule.plan_id)) &&
    (!rule.admin_role || (request.admin_roles ?? []).includes(rule.admin_role))
  )
}

/** The counters every matching rule takes from; all apply and the ledger refuses at the first that is full. */
export function quotaChecks(rules: QuotaRuleRecord[], request: QuotaRequest, timeZone: string, now = Date.now()): QuotaCheck[] {
  return rules
    .filter((rule) => ruleMatches(rule, request))
    .map((rule) => {
      const bounds = windowBounds(rule.window, now, timeZone, rule.window_seconds)
      return {
        rule_id: rule.id,
        name: rule.name,
        subject: rule.per === "scope" ? "*" : request.actor_scope,
        metric: rule.metric,
        limit: rule.limit,
        action: rule.action,
        bucket_start: bounds.bucket_start.toISOString(),
        window_start: bounds.window_start.toISOString(),
        resets_at: bounds.resets_at.toISOString(),
      }
    })
}
