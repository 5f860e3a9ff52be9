import { MedusaError } from "@medusajs/framework/utils"

/**
 * Exact decimal arithmetic for order amounts (Medusa keeps prices as decimal strings in its
 * `raw_*` fields). Everything is done on BigInt: no float ever touches money or credits.
 */

/** A decimal as an integer mantissa and a power-of-ten scale: 12.345 is `{ units: 12345n, scale: 3 }`. */
export type ScaledDecimal = { units: bigint; scale: number }

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/

/**
 * The decimal string of an amount as Medusa returns it: a number, a numeric string, a raw
 * BigNumber (`{ value, precision }`) or an object with `toJSON()`/`numeric`.
 */
export function decimalString(value: unknown): string {
  if (value === null || value === undefined) {
    return "0"
  }
  if (typeof value === "string") {
    return value.trim()
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Not a finite amount: ${value}`)
    }
    // The shortest decimal that reads back as this number ("0.1", not 0.1000000000000000055...),
    // with an exponent ("1e-7") written out.
    return expandExponent(String(value))
  }
  if (typeof value === "bigint") {
    return value.toString()
  }
  if (typeof value === "object") {
    const raw = value as { value?: unknown; toJSON?: () => unknown; numeric?: unknown }
    if (raw.value !== undefined) {
      return decimalString(raw.value)
    }
    if (typeof raw.toJSON === "function") {
      return decimalString(raw.toJSON())
    }
    if (raw.numeric !== undefined) {
      return decimalString(raw.numeric)
    }
  }
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `Not an amount: ${JSON.stringify(value)}`)
}

/** Parses a plain decimal string ("10", "0.5", "-3.25"); exponents are refused. */
export function parseDecimal(value: unknown): ScaledDecimal {
  const text = decimalString(value)
  const match = DECIMAL.exec(text)
  if (!match) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Not a plain decimal amount: ${text}`)
  }
  const [, sign, whole, fraction = ""] = match
  const units = BigInt(whole + fraction)
  return { units: sign ? -units : units, scale: fraction.length }
}

function rescale(value: ScaledDecimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale)
}

/** The sum of decimal amounts, exact. */
export function sumDecimals(values: unknown[]): ScaledDecimal {
  const parsed = values.map(parseDecimal)
  const scale = Math.max(0, ...parsed.map((p) => p.scale))
  return { units: parsed.reduce((acc, p) => acc + rescale(p, scale), 0n), scale }
}

export function compareDecimals(a: ScaledDecimal, b: ScaledDecimal): number {
  const scale = Math.max(a.scale, b.scale)
  const x = rescale(a, scale)
  const y = rescale(b, scale)
  return x === y ? 0 : x < y ? -1 : 1
}

export function formatDecimal(value: ScaledDecimal): string {
  const negative = value.units < 0n
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, "0")
  const whole = digits.slice(0, digits.length - value.scale)
  const fraction = digits.slice(digits.length - value.scale)
  return (negative ? "-" : "") + trimZeros(fraction ? `${whole}.${fraction}` : whole)
}

function expandExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text)
  if (!match) {
    return text
  }
  const [, sign, whole, fraction = "", exponentText] = match
  const exponent = Number(exponentText)
  const units = BigInt(whole + fraction)
  const scale = fraction.length - exponent
  return sign + (scale <= 0 ? (units * 10n ** BigInt(-scale)).toString() : formatDecimal({ units, scale }))
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text
}

/** Fraction digits kept by `divideDecimal` (the ledger stores unit prices with precision 20). */
export const UNIT_PRICE_SCALE = 20

/**
 * `amount / divisor` as a decimal string: exact when the quotient terminates within
 * `UNIT_PRICE_SCALE` fraction digits (10 / 1000 = "0.01"), otherwise rounded half up at that digit
 * (10 / 3 = "3.33333333333333333333").
 */
export function divideDecimal(amount: unknown, divisor: bigint): string {
  if (divisor <= 0n) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Cannot divide by zero or a negative number")
  }
  const value = parseDecimal(amount)
  const numerator = rescale(value, UNIT_PRICE_SCALE)
  let quotient = numerator / divisor
  const remainder = numerator % divisor
  if (remainder * 2n >= divisor) {
    quotient += 1n
  }
  return formatDecimal({ units: quotient, scale: UNIT_PRICE_SCALE })
}

/**
 * The whole credits of `credits` that correspond to `part / whole` of a payment, rounded down
 * (a partial refund never takes back more than its share): `floor(credits * part / whole)`,
 * capped at `credits`. Zero when `whole` is zero or negative.
 */
export function proportionalCredits(credits: number, part: ScaledDecimal, whole: ScaledDecimal): number {
  const scale = Math.max(part.scale, whole.scale)
  const p = rescale(part, scale)
  const w = rescale(whole, scale)
  if (w <= 0n || p <= 0n) {
    return 0
  }
  if (p >= w) {
    return credits
  }
  return Number((BigInt(credits) * p) / w)
}

/** A whole, positive quantity (order line quantities are BigNumbers). */
export function wholeQuantity(value: unknown): number {
  const parsed = parseDecimal(value)
  if (parsed.units <= 0n || parsed.units % 10n ** BigInt(parsed.scale) !== 0n) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `A credit pack is bought in whole units, not ${formatDecimal(parsed)}`)
  }
  return Number(parsed.units / 10n ** BigInt(parsed.scale))
}
