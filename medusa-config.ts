import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import type { AiCreditsOptions } from "./src/modules/ai-credits/options"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The demo store. It loads this repository's sources the way an app loads the published
 * plugin: the same module with the same options (see README, "Install into your app").
 */
const aiCreditsOptions: AiCreditsOptions = {
  hold_ttl_seconds: 300,
  max_hold_credits: 100_000,
  default_overage_limit: 0,
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:5173,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_DISABLE_ADMIN === "true",
  },
  modules: [
    {
      resolve: "./src/modules/ai-credits",
      options: aiCreditsOptions,
    },
  ],
})
