import { z } from "zod"

/**
 * The pieces of the admin's form schemas (react-hook-form + zod), as the inputs are typed (text).
 * The API's validators cannot be imported here: they are built on `@medusajs/framework/zod` and the
 * server's options, which the admin bundle must not pull in; these check the same limits.
 */

export const REASON_MAX = 500

/** A reason kept with a change (ledger, usage event, approval): required, at most 500 characters. */
export const reasonText = (required: string) =>
  z.string().trim().min(1, required).max(REASON_MAX, `At most ${REASON_MAX} characters.`)
