import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import type { AiCreditsOptions } from "medusa-ai-credits"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const aiCredits: AiCreditsOptions = {
  ai_providers: {
    openai: {
      type: "openai-compatible",
      base_url: process.env.OPENAI_BASE_URL || "https://api.openai.com/v1",
      api_key: process.env.OPENAI_API_KEY,
    },
  },
  ai_modules: {
    chatbot: { provider: "openai", model: "gpt-4o-mini", fallback: { type: "upgrade_prompt" } },
  },
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  plugins: [{ resolve: "medusa-ai-credits", options: aiCredits }],
})
