import { z } from "@medusajs/framework/zod"
import { aiModuleNameSchema as moduleId, boundedDate } from "../../../utils/input-schemas"

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** A series is at most this many buckets long (about two months of hours, four years of days). */
export const MAX_BUCKETS = 1_500
const BUCKET_MS = { hour: HOUR, day: DAY, month: 28 * DAY } as const

const id = z.string().trim().min(1).max(255)
const granularity = z.enum(["hour", "day", "month"])
const format = z.enum(["json", "csv"]).default("json")
/** An IANA zone name (canonical spelling, as PostgreSQL knows it), e.g. `Europe/Paris`. */
const timeZone = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value)
    if (!zone) {
      ctx.addIssue({ code: "custom", message: "must be an IANA time zone, e.g. Europe/Paris" })
      return z.NEVER
    }
    return zone
  })
const count = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback)

/** `from` and `to` are optional; the range is rounded out to whole hours, 30 days up to now by default. */
const rangeFields = {
  from: boundedDate.optional(),
  to: boundedDate.optional(),
  tz: timeZone.default("UTC"),
}

/**
 * Ranges are rounded out to whole hours here and to whole buckets (up to a year) in SQL: ending a
 * year before the largest date PostgreSQL's timestamps take keeps every rounding inside it.
 */
const LATEST_RANGE_END = new Date("9999-01-01T00:00:00.000Z")

type RangeInput = { from?: Date; to?: Date; granularity?: keyof typeof BUCKET_MS }

/** Rounds the range out to whole hours and checks it: from before to, not too many buckets. */
function resolveRange<T extends RangeInput>(value: T, ctx: z.RefinementCtx) {
  const to = new Date(Math.ceil((value.to ?? new Date()).getTime() / HOUR) * HOUR)
  const from = new Date(Math.floor((value.from ?? new Date(to.getTime() - 30 * DAY)).getTime() / HOUR) * HOUR)
  if (to.getTime() > LATEST_RANGE_END.getTime()) {
    ctx.addIssue({ code: "custom", message: "to must be at most 9999-01-01T00:00:00Z", path: ["to"] })
    return z.NEVER
  }
  if (from >= to) {
    ctx.addIssue({ code: "custom", message: "from must be before to", path: ["from"] })
    return z.NEVER
  }
  if (value.granularity && (to.getTime() - from.getTime()) / BUCKET_MS[value.granularity] > MAX_BUCKETS) {
    ctx.addIssue({
      code: "custom",
      message: `The range has more than ${MAX_BUCKETS} ${value.granularity} buckets: choose a coarser granularity or a shorter range`,
      path: ["granularity"],
    })
    return z.NEVER
  }
  return { ...value, from, to }
}

export const OVERVIEW_SECTIONS = [
  "totals",
  "by_module",
  "by_provider",
  "by_model",
  "top_customers",
  "top_sales_channels",
  "series",
] as const

export const AdminAnalyticsOverview = z
  .object({
    ...rangeFields,
    granularity: granularity.default("day"),
    sales_channel_id: id.optional(),
    limit: count(100, 10),
    format,
    /** With format=csv: which part of the overview to export. */
    section: z.enum(OVERVIEW_SECTIONS).default("series"),
  })
  .strict()
  .transform(resolveRange)
export type AdminAnalyticsOverviewType = z.infer<typeof AdminAnalyticsOverview>

export const USAGE_GROUPS = ["module", "provider", "model", "sales_channel", "customer"] as const

export const AdminAnalyticsUsage = z
  .object({
    ...rangeFields,
    granularity: granularity.default("day"),
    group_by: z.enum(USAGE_GROUPS).optional(),
    module: moduleId.optional(),
    provider: id.optional(),
    model: id.optional(),
    sales_channel_id: id.optional(),
    customer_id: id.optional(),
    /** With group_by: the series of the groups with the most credits only. */
    limit: count(1_000, 100),
    format,
  })
  .strict()
  .transform(resolveRange)
export type AdminAnalyticsUsageType = z.infer<typeof AdminAnalyticsUsage>

export const AdminAnalyticsRoi = z
  .object({ ...rangeFields, format })
  .strict()
  .transform(resolveRange)
export type AdminAnalyticsRoiType = z.infer<typeof AdminAnalyticsRoi>

export const AdminAnalyticsStatus = z.object({}).strict()

/** A non-negative decimal with up to 4 places, as text (JSON numbers are accepted and kept exact as written). */
const decimal = (max: number) =>
  z
    .union([z.string().trim(), z.number().finite()])
    .transform((value) => String(value))
    .refine((value) => /^\d{1,9}(\.\d{1,4})?$/.test(value), "must be a decimal number with up to 4 decimal places")
    .refine((value) => Number(value) <= max, `must be at most ${max}`)

export const AdminUpdateRoiSettings = z
  .object({
    minutes_saved_per_item: decimal(10_000).optional(),
    hourly_rate: decimal(1_000_000).optional(),
    currency_code: z
      .string()
      .regex(/^[a-zA-Z]{3}$/, "must be a 3-letter currency code")
      .transform((c) => c.toLowerCase())
      .optional(),
    automation_modules: z.array(moduleId).max(50).optional(),
    attribution_window_days: z.number().int().min(0).max(365).optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), "Nothing to change")
export type AdminUpdateRoiSettingsType = z.infer<typeof AdminUpdateRoiSettings>

function canonicalTimeZone(value: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(value)) {
    return null
  }
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone
  } catch {
    return null
  }
}
