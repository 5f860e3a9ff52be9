import { z } from "@medusajs/framework/zod"
import { GRANT_PRIORITY } from "../../client/enums"

/** How deep a `metadata` object may nest (the object itself is level 1) and how large it may be. */
export const METADATA_MAX_DEPTH = 10
export const METADATA_MAX_BYTES = 16 * 1024

/** Nesting depth of a JSON value, without recursion (the client chooses the depth); stops past `limit`. */
function depthExceeds(root: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[root, 1]]
  while (pending.length) {
    const [value, depth] = pending.pop()!
    if (!value || typeof value !== "object") {
      continue
    }
    if (depth > limit) {
      return true
    }
    for (const child of Object.values(value)) {
      pending.push([child, depth + 1])
    }
  }
  return false
}

/**
 * Free-form `metadata` of every route that accepts it: a JSON object at most METADATA_MAX_DEPTH
 * levels deep and METADATA_MAX_BYTES long as JSON. Deeper values cannot be serialized safely and
 * larger ones only bloat every ledger row and usage event that carries them.
 */
export const metadataSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  if (depthExceeds(value, METADATA_MAX_DEPTH)) {
    ctx.addIssue({ code: "custom", message: `must be nested at most ${METADATA_MAX_DEPTH} levels deep` })
    return
  }
  if (Buffer.byteLength(JSON.stringify(value)) > METADATA_MAX_BYTES) {
    ctx.addIssue({ code: "custom", message: `must be at most ${METADATA_MAX_BYTES} bytes as JSON` })
  }
})

/** Dates PostgreSQL and JavaScript both handle (four-digit years), and time ranges around them. */
export const MIN_DATE = new Date("1970-01-01T00:00:00.000Z")
export const MAX_DATE = new Date("9999-12-31T23:59:59.999Z")

/**
 * A date in a body or query, within MIN_DATE..MAX_DATE. `z.coerce.date()` alone accepts dates a
 * timestamp column (or arithmetic on them) cannot hold, such as `-271821-04-20`.
 */
export const boundedDate = z.coerce
  .date()
  .refine(
    (date) => date.getTime() >= MIN_DATE.getTime() && date.getTime() <= MAX_DATE.getTime(),
    "must be a date from 1970-01-01 to 9999-12-31"
  )

/** A grant's priority: a whole number in GRANT_PRIORITY's bounds; spending burns lower numbers first. */
export const grantPrioritySchema = z
  .number()
  .int("priority must be a whole number")
  .min(GRANT_PRIORITY.min, `priority must be at least ${GRANT_PRIORITY.min}`)
  .max(GRANT_PRIORITY.max, `priority must be at most ${GRANT_PRIORITY.max}`)

/** An AI module's id (`product_description`): what quota rules, prices and restrictions name. */
export const aiModuleIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "module ids are snake_case")

/** The same id where an admin names the modules a grant, package, plan, key or restriction covers. */
export const aiModuleNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "module names are lower snake_case")

/** A model's name as its provider spells it. */
export const aiModelNameSchema = z.string().trim().min(1).max(200)

const chatMessage = z
  .object({ role: z.enum(["system", "user", "assistant"]), content: z.string().max(100_000) })
  .strict()

/** What an AI gateway call sends the model: a chat of up to 200 messages, or one prompt. */
export const invokeInputSchema = z.union([
  z.object({ messages: z.array(chatMessage).min(1).max(200) }).strict(),
  z.object({ prompt: z.string().min(1).max(100_000) }).strict(),
])
