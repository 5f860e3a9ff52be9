import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

/** Largest page a list route answers, and the furthest it pages. */
export const MAX_PAGE_SIZE = 1_000
const MAX_OFFSET = 1_000_000_000

/** A whole number from the query string; anything else (1.5, 1e308, abc) is refused, not rounded. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .preprocess((value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value), z.number().int().min(min).max(max))
    .optional()
    .default(fallback)

export type ListParamsOptions = {
  limit: number
  offset?: number
  /** Columns `order` may name (`created_at` or `-created_at`); without them the route has no ordering choice. */
  orderBy?: readonly string[]
}

/**
 * Medusa's `createFindParams`, bounded: the core accepts `limit=-1`, `offset=1e308` or
 * `order=<any text>`, and PostgreSQL then fails the query (a 500). Same defaults otherwise.
 * `fields` is kept to field-list characters.
 */
export function createListParams({ limit, offset = 0, orderBy = [] }: ListParamsOptions) {
  const order = orderBy.length
    ? z.string().refine((value) => orderBy.includes(value.replace(/^-/, "")), `order must be one of ${orderBy.join(", ")} (- for descending)`)
    : z.never({ message: "this list has no order parameter" })
  return createFindParams({ limit, offset }).extend({
    limit: wholeNumber(0, MAX_PAGE_SIZE, limit),
    offset: wholeNumber(0, MAX_OFFSET, offset),
    order: order.optional(),
    fields: z
      .string()
      .max(1_000)
      .regex(/^[\w.,*+\-]*$/, "fields is a comma-separated list of field names")
      .optional(),
  })
}
