/**
 * The enumerations shared by the server, the admin and the storefront client, each defined once.
 * Dependency-free (the client is built from `src/client` alone): each module's `types.ts`
 * re-exports the ones it owns, and server code imports them from there.
 */

// ---- core ----

/**
 * What an AI module does when the payer cannot pay: re-route to a cheaper model that fits, answer
 * `decision: "fallback"` so the widget uses its non-AI path, refuse (402), or refuse with an
 * upgrade offer listing the credit packs and plans on sale (402).
 */
export const FALLBACK_TYPES = ["cheaper_model", "degrade", "disable", "upgrade_prompt"] as const
export type FallbackType = (typeof FALLBACK_TYPES)[number]

// ---- billing ----

// ---- gov ----

// ---- gw ----

// ---- admin ----
