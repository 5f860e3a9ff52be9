import { z } from "@medusajs/framework/zod"

/**
 * What a visitor id may be, in the body (`visitor_id`) and in the `x-visitor-id` header alike:
 * 1 to 128 letters, digits and `. _ ~ -` (a UUID, a cookie id). No `:`, so an id cannot reach into
 * another caller's scope (see actorScopeOf in modules/ai-credits/policy/caller.ts).
 */
export const VISITOR_ID_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/
export const VISITOR_ID_RULE = "1 to 128 letters, digits, '.', '_', '~' or '-'"

export const visitorIdSchema = z.string().regex(VISITOR_ID_PATTERN, `must be ${VISITOR_ID_RULE}`)
