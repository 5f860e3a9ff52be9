import Medusa from "@medusajs/js-sdk"

/**
 * The admin's own session (the dashboard's login cookie) authenticates every call; the backend is
 * the dashboard's origin unless the app's admin build sets VITE_BACKEND_URL.
 */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  debug: import.meta.env.DEV,
  auth: { type: "session" },
})
