import { defineConfig } from "@medusajs/framework/utils"

/**
 * A store that installs the plugin the way a user would: by package name, with options.
 * "medusa-ai-credits" resolves to the built plugin (.medusa/server) through the
 * repository's node_modules/medusa-ai-credits -> .. link; `npm test` creates the link and
 * builds the plugin when needed. The test runner replaces the database URL.
 */
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: true,
  },
  plugins: [
    {
      resolve: "medusa-ai-credits",
      options: {
        hold_ttl_seconds: 120,
        // Without it no AI module exists: the test store routes the built-in ones to the local provider.
        built_in_modules: { provider: "local" },
      },
    },
  ],
})
