import type { Decimal, OwnerType } from "./api"

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })
const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 })

/** Whole credits with grouping: 12,345. */
export function formatCredits(value: number | null | undefined) {
  return integer.format(Number(value ?? 0))
}

/** A signed change of credits: +100 / −25. */
export function formatSigned(value: number) {
  if (value > 0) {
    return `+${integer.format(value)}`
  }
  if (value < 0) {
    return `−${integer.format(Math.abs(value))}`
  }
  return "0"
}

/** Large counts on charts and cards: 1.2M. */
export function formatCompact(value: number | null | undefined) {
  return compact.format(Number(value ?? 0))
}

/** The exact decimal text of an API decimal (raw BigNumber value first, never rounded through a float when avoidable). */
export function decimalText(value: Decimal | undefined, raw?: Decimal): string {
  const pick = (v: Decimal | undefined): string | undefined => {
    if (v === null || v === undefined) {
      return undefined
    }
    if (typeof v === "object") {
      return v.value === undefined ? undefined : String(v.value)
    }
    return String(v)
  }
  return pick(raw) ?? pick(value) ?? "0"
}

export function decimalNumber(value: Decimal | undefined, raw?: Decimal): number {
  const n = Number(decimalText(value, raw))
  return Number.isFinite(n) ? n : 0
}

/** Money at the provider: small amounts keep their cents' fractions ($0.0042). */
export function formatMoney(amount: number, currency = "usd") {
  const code = currency.toUpperCase()
  const digits = amount !== 0 && Math.abs(amount) < 1 ? 4 : 2
  try {
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency: code,
      minimumFractionDigits: 2,
      maximumFractionDigits: digits,
    }).format(amount)
  } catch {
    return `${amount.toFixed(digits)} ${code}`
  }
}

export function formatPercent(ratio: number | null | undefined, digits = 1) {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return "–"
  }
  return `${(ratio * 100).toFixed(digits)}%`
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" })
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" })

export function formatDateTime(value: string | Date | null | undefined) {
  if (!value) {
    return "–"
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? "–" : dateTime.format(date)
}

export function formatDate(value: string | Date | null | undefined) {
  if (!value) {
    return "–"
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? "–" : dateOnly.format(date)
}

export const OWNER_TYPE_LABELS: Record<OwnerType, string> = {
  customer: "Customer",
  customer_group: "Customer group",
  sales_channel: "Storefront",
  pool: "Pool",
  store: "Store",
}

/** snake_case to words: "upgrade_prompt" → "Upgrade prompt". */
export function humanize(value: string | null | undefined) {
  if (!value) {
    return "–"
  }
  const words = value.replace(/[_-]+/g, " ").trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export function shortId(id: string | null | undefined) {
  if (!id) {
    return "–"
  }
  return id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id
}
