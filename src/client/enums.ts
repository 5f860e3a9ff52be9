/**
 * The enumerations shared by the server, the admin and the storefront client, each defined once.
 * Dependency-free (the client is built from `src/client` alone): each module's `types.ts`
 * re-exports the ones it owns, and server code imports them from there.
 */

// ---- core ----

// ---- billing ----

// ---- gov ----

// ---- gw ----

// ---- admin ----
