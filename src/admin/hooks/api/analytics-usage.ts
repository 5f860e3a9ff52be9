import { daysAgo, startOfMonth, summarizeUsage, type UsageSummary } from "../../components/usage-summary"
import { browserTimeZone, money, num, readOverview } from "../../lib/analytics"
import { errorStatus } from "../../lib/api"
import { useAnalytics } from "./analytics"
import { useUsageEvents } from "./usage"

const wholeHour = (d: Date, up = false) => {
  const t = d.getTime()
  return new Date((up ? Math.ceil(t / 3_600_000) : Math.floor(t / 3_600_000)) * 3_600_000).toISOString()
}

/** Analytics parameters for daily buckets from `since` to now, of one sales channel or customer. */
const dailySince = (since: Date, filter: { sales_channel_id: string } | { customer_id: string }) => ({
  from: wholeHour(since),
  to: wholeHour(new Date(), true),
  tz: browserTimeZone(),
  granularity: "day",
  ...filter,
})

const noRetryOn404 = (count: number, error: unknown) => errorStatus(error) !== 404 && count < 2

type Result = { summary: UsageSummary | undefined; isLoading: boolean; error: unknown; refetch: () => void; exact: boolean }

/** A hook's answer from the query it read: the analytics API (`exact`) or the latest usage events. */
const resultOf = (
  query: { isLoading: boolean; error: unknown; refetch: () => unknown },
  summary: UsageSummary | undefined,
  exact: boolean
): Result => ({ summary, isLoading: query.isLoading, error: query.error, refetch: () => void query.refetch(), exact })

/**
 * A storefront's usage this month: from the analytics API (exact, from the roll-ups), or, when
 * that is missing or fails, summed from the latest usage events.
 */
export function useSalesChannelMonthUsage(salesChannelId: string, sample = 500): Result {
  const monthStart = startOfMonth()
  const days = Math.max(1, Math.ceil((Date.now() - monthStart.getTime()) / 86_400_000))
  const params = dailySince(monthStart, { sales_channel_id: salesChannelId })
  const analytics = useAnalytics("overview", params, { retry: noRetryOn404 })
  // A server without the analytics routes (404), or with them failing: count from the usage list.
  const fallback = analytics.isError
  const listQuery = { sales_channel_id: salesChannelId, limit: sample }
  const list = useUsageEvents(listQuery, { enabled: fallback })
  if (!fallback) {
    const o = analytics.data ? readOverview(analytics.data) : undefined
    return resultOf(
      analytics,
      o
        ? {
            credits: o.totals.credits,
            requests: o.totals.requests,
            provider_cost: o.totals.provider_cost,
            currency_code: o.currency_code,
            byModule: o.byModule.map((m) => ({ key: m.key, credits: m.credits, requests: m.requests })),
            daily: o.series.map((p) => Object.values(p.values).reduce((a, b) => a + b, 0)),
            complete: true,
          }
        : undefined,
      true
    )
  }
  return resultOf(list, list.data ? summarizeUsage(list.data.usage_events, list.data.count, monthStart, days) : undefined, false)
}

/** A customer's credits per day over the last `days` days (analytics API, else the latest events). */
export function useCustomerDailyUsage(customerId: string, days = 30, sample = 200): Result {
  const since = daysAgo(days)
  const params = dailySince(since, { customer_id: customerId })
  const analytics = useAnalytics<{ rows?: Record<string, unknown>[]; buckets?: string[] }>("usage", params, {
    retry: noRetryOn404,
  })
  // A server without the analytics routes (404), or with them failing: count from the usage list.
  const fallback = analytics.isError
  const listQuery = { customer_id: customerId, limit: sample }
  const list = useUsageEvents(listQuery, { enabled: fallback })
  if (!fallback) {
    const body = analytics.data
    let summary: UsageSummary | undefined
    if (body) {
      const rows = Array.isArray(body.rows) ? body.rows : []
      const byBucket = new Map<string, number>()
      let credits = 0
      let requests = 0
      let cost = 0
      let currency = "usd"
      for (const row of rows) {
        const c = num(row.net_credits ?? row.credits)
        credits += c
        requests += num(row.requests)
        const m = money(row.provider_cost)
        cost += m.amount
        currency = m.amount ? m.currency_code : currency
        if (typeof row.bucket === "string") {
          byBucket.set(row.bucket, (byBucket.get(row.bucket) ?? 0) + c)
        }
      }
      const buckets = Array.isArray(body.buckets) && body.buckets.length ? body.buckets : [...byBucket.keys()].sort()
      summary = {
        credits,
        requests,
        provider_cost: cost,
        currency_code: currency,
        byModule: [],
        daily: buckets.map((b) => byBucket.get(b) ?? 0),
        complete: true,
      }
    }
    return resultOf(analytics, summary, true)
  }
  return resultOf(list, list.data ? summarizeUsage(list.data.usage_events, list.data.count, since, days) : undefined, false)
}
