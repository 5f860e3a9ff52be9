import { z } from "zod"
import { GRANT_PRIORITY } from "../../client/enums"

/**
 * The pieces of the admin's form schemas (react-hook-form + zod), as the inputs are typed (text).
 * The API's validators cannot be imported here: they are built on `@medusajs/framework/zod` and the
 * server's options, which the admin bundle must not pull in; these check the same limits.
 */

export const REASON_MAX = 500

/** A reason kept with a change (ledger, usage event, approval): required, at most 500 characters. */
export const reasonText = (required: string) =>
  z.string().trim().min(1, required).max(REASON_MAX, `At most ${REASON_MAX} characters.`)

/**
 * A grant's priority as typed: empty (the default, or unchanged), else a whole number within
 * GRANT_PRIORITY's bounds. Lower numbers are spent first.
 */
export const grantPriorityText = z
  .string()
  .trim()
  .refine(
    (value) => value === "" || (/^\d+$/.test(value) && Number(value) >= GRANT_PRIORITY.min && Number(value) <= GRANT_PRIORITY.max),
    `A whole number from ${GRANT_PRIORITY.min} to ${GRANT_PRIORITY.max}; lower is spent first.`
  )
  .transform((value) => (value === "" ? undefined : Number(value)))

/** What a priority field says about its number. */
export const GRANT_PRIORITY_HINT = `Lower is spent first (${GRANT_PRIORITY.min} to ${GRANT_PRIORITY.max}); empty: ${GRANT_PRIORITY.default}. Plan credits are 20.`
