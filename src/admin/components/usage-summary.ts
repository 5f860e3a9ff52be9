import type { UsageEvent } from "../lib/api"
import { decimalNumber } from "../lib/format"

export type UsageSummary = {
  credits: number
  requests: number
  provider_cost: number
  currency_code: string
  byModule: { key: string; credits: number; requests: number }[]
  /** Credits per day, oldest first, one entry per day of the window. */
  daily: number[]
  /** False when the window reaches past the events loaded (more exist than one page). */
  complete: boolean
}

/**
 * Sums loaded usage events from `since` on (newest first, as the API lists them). Complete when
 * every event of the window was loaded: fewer than the total exist, or the oldest one loaded is
 * already before the window.
 */
export function summarizeUsage(events: UsageEvent[], total: number, since: Date, days: number): UsageSummary {
  const start = since.getTime()
  const inWindow = events.filter((e) => new Date(e.created_at).getTime() >= start)
  const oldest = events.length ? new Date(events[events.length - 1].created_at).getTime() : Infinity
  const complete = events.length >= total || oldest < start
  const byModule = new Map<string, { credits: number; requests: number }>()
  const daily = Array.from({ length: days }, () => 0)
  let credits = 0
  let cost = 0
  for (const e of inWindow) {
    const charged = e.credits - (e.refunded_credits ?? 0)
    credits += charged
    cost += decimalNumber(e.provider_cost, e.raw_provider_cost)
    const m = byModule.get(e.module) ?? { credits: 0, requests: 0 }
    m.credits += charged
    m.requests += 1
    byModule.set(e.module, m)
    const day = Math.floor((new Date(e.created_at).getTime() - start) / 86_400_000)
    if (day >= 0 && day < days) {
      daily[day] += charged
    }
  }
  return {
    credits,
    requests: inWindow.length,
    provider_cost: cost,
    currency_code: inWindow[0]?.currency_code ?? "usd",
    byModule: [...byModule.entries()].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.credits - a.credits),
    daily,
    complete,
  }
}

export const startOfMonth = (now = new Date()) => new Date(now.getFullYear(), now.getMonth(), 1)

export const daysAgo = (days: number, now = new Date()) => {
  const d = new Date(now)
  d.setHours(0, 0, 0, 0)
  d.setDate(d.getDate() - (days - 1))
  return d
}
