import { MedusaError } from "@medusajs/framework/utils"
import { parseDecimal } from "./decimals"

/**
 * The billing module's pure rules: calendar math of periods, credit priorities of plans, the
 * back-off and burst limits of auto top-up, Stripe's minor units. No I/O: workflows and jobs call them.
 */

export const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/**
 * Plan credits stay spendable this long after their period ends, so that what is left when a
 * late renewal arrives can still roll over; the renewal (or the end of the subscription) takes
 * them back first.
 */
export const PLAN_CREDITS_GRACE_MS = 2 * DAY_MS

/** Plan credits burn after packs' promotional credits but before bought packs (lower burns first). */
export const PLAN_GRANT_PRIORITY = 20
export const ROLLOVER_GRANT_PRIORITY = 10

const LIVE_SUBSCRIPTION_PHRASES: Record<string, string> = {
  incomplete: "a subscription waiting for its first payment",
  trialing: "a subscription in its trial",
  active: "an active subscription",
  past_due: "a subscription with a failed payment (past due)",
}

/** A subscription that is not canceled, in words, for a 409 that says what conflicted ("an active subscription"). */
export function liveSubscriptionPhrase(status: string): string {
  return LIVE_SUBSCRIPTION_PHRASES[status] ?? `a ${status} subscription`
}

/** The same day of the next month (UTC), or its last day when that day does not exist (Jan 31 -> Feb 28). */
export function addMonth(date: Date): Date {
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + 1
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(
    Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds())
  )
}

/**
 * The period an invoiced subscription renews into once `periodEnd` has passed: months that passed
 * entirely while nothing ran are not granted late, the one `now` is in opens.
 */
export function nextInvoicedPeriod(periodEnd: Date, now: Date): { start: Date; end: Date; skipped_periods: number } {
  let start = periodEnd
  let skipped = 0
  while (addMonth(start) <= now) {
    start = addMonth(start)
    skipped++
  }
  return { start, end: addMonth(start), skipped_periods: skipped }
}

/** The reference of an invoiced (contract) period's grants: one per subscription and start day. */
export const contractPeriodReference = (subscriptionId: string, start: Date) =>
  `contract:${subscriptionId}:${start.toISOString().slice(0, 10)}`

/** The first instant of the calendar month (UTC). */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
}

/** The day of the month in a time zone. */
export function dayOfMonth(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en-US", { timeZone, day: "numeric" }).format(now))
}

/** More successful top-ups than this within an hour is a burst: auto top-up stops and alerts. */
export const AUTO_TOP_UP_BURST = { max: 3, within_ms: HOUR_MS }

/** After a declined card: wait 1 h, then 2 h, 4 h ... at most a day before trying again. */
export function backoffAfter(consecutiveFailures: number): number {
  return Math.min(HOUR_MS * 2 ** Math.max(0, consecutiveFailures - 1), 24 * HOUR_MS)
}

/** Currencies Stripe counts in whole units (no cents). */
const ZERO_DECIMAL_CURRENCIES = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"])

/** A decimal amount in Stripe's smallest unit (cents), exact; refuses fractions of a cent. */
export function toMinorUnits(amount: string, currency: string): number {
  const digits = ZERO_DECIMAL_CURRENCIES.has(currency) ? 0 : 2
  const value = parseDecimal(amount)
  if (value.scale > digits && value.units % 10n ** BigInt(value.scale - digits) !== 0n) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `${amount} ${currency} is not a whole number of ${digits ? "cents" : "units"}`)
  }
  const minor = value.scale > digits ? value.units / 10n ** BigInt(value.scale - digits) : value.units * 10n ** BigInt(digits - value.scale)
  return Number(minor)
}
