"use strict"

/** The environment `npm run dev` (scripts/dev.js) gives the Medusa CLI. */
function devEnvironment(environment, databaseUrl) {
  return {
    ...environment,
    DATABASE_URL: databaseUrl,
    NODE_ENV: "development",
    ADMIN_EMAIL: environment.ADMIN_EMAIL || "admin@example.com",
    ADMIN_PASSWORD: environment.ADMIN_PASSWORD || "supersecret",
    // The demo is reached directly, not through a proxy: trusting Medusa's default of one hop
    // would let any client pick its IP (IP limits, guests) with a forged X-Forwarded-For.
    // (Set here, not in medusa-config.ts, whose default of 1 the tests use to simulate clients.)
    AI_CREDITS_TRUSTED_PROXY_HOPS: environment.AI_CREDITS_TRUSTED_PROXY_HOPS || "0",
  }
}

module.exports = { devEnvironment }
