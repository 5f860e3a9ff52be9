/**
 * Quota windows. Calendar windows (day, month) follow the store's time zone; minute and hour
 * windows and rolling windows are clock-aligned. A rolling window is counted in buckets (a
 * sixtieth of the window, at least a minute) and sums the buckets it covers.
 */
import type { QuotaWindow } from "../../../client/enums"

export type { QuotaWindow }

export type WindowBounds = {
  /** The bucket this moment's usage is counted in. */
  bucket_start: Date
  /** The earliest bucket that counts towards the window. */
  window_start: Date
  /** When room comes back: the window resets, or (rolling) the oldest bucket drops out. */
  resets_at: Date
}

const MINUTE = 60_000
const HOUR = 3_600_000

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string) {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The offset of a time zone from UTC at an instant, in milliseconds (positive east of UTC). */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant))
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** The instant when the local wall-clock time (year, month, day at 00:00) happens in the zone. */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month, day)
  // Twice, so a day that starts right at a daylight-saving change lands on the right instant.
  const first = guess - zoneOffset(guess, timeZone)
  return guess - zoneOffset(first, timeZone)
}

function localDate(instant: number, timeZone: string) {
  const local = new Date(instant + zoneOffset(instant, timeZone))
  return { year: local.getUTCFullYear(), month: local.getUTCMonth(), day: local.getUTCDate() }
}

export function windowBounds(
  window: QuotaWindow,
  now: number,
  timeZone: string,
  rollingSeconds?: number | null
): WindowBounds {
  switch (window) {
    case "minute":
    case "hour": {
      const size = window === "minute" ? MINUTE : HOUR
      const start = Math.floor(now / size) * size
      return { bucket_start: new Date(start), window_start: new Date(start), resets_at: new Date(start + size) }
    }
    case "day": {
      const { year, month, day } = localDate(now, timeZone)
      const start = localMidnight(year, month, day, timeZone)
      return {
        bucket_start: new Date(start),
        window_start: new Date(start),
        resets_at: new Date(localMidnight(year, month, day + 1, timeZone)),
      }
    }
    case "month": {
      const { year, month } = localDate(now, timeZone)
      const start = localMidnight(year, month, 1, timeZone)
      return {
        bucket_start: new Date(start),
        window_start: new Date(start),
        resets_at: new Date(localMidnight(year, month + 1, 1, timeZone)),
      }
    }
    case "rolling": {
      const length = (rollingSeconds ?? 3600) * 1000
      const bucket = Math.max(MINUTE, Math.floor(length / 60 / MINUTE) * MINUTE)
      const start = Math.floor(now / bucket) * bucket
      const windowStart = start - (Math.ceil(length / bucket) - 1) * bucket
      return { bucket_start: new Date(start), window_start: new Date(windowStart), resets_at: new Date(start + bucket) }
    }
  }
}
