/** A quota rule as `GET /admin/ai-credits/quota-rules` returns it. */
export type QuotaRule = {
  id: string
  name: string
  is_active: boolean
  module: string | null
  sales_channel_id: string | null
  customer_group_id: string | null
  customer_id: string | null
  plan_id: string | null
  admin_role: string | null
  per: "actor" | "scope"
  metric: "credits" | "requests" | "tokens"
  window: "minute" | "hour" | "day" | "month" | "rolling"
  window_seconds: number | null
  limit: number
  action: "block" | "fallback" | "notify"
  created_at: string
}

export type QuotaRuleInput = Pick<QuotaRule, "name" | "per" | "metric" | "window" | "limit" | "action"> & {
  module?: string | null
  window_seconds?: number | null
}
