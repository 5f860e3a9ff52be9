import path from "path"
import { randomUUID } from "crypto"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AI_CREDITS_GATEWAY_MODULE } from ".."
import { aiCreditsGatewayOptionsSchema } from "../options"
import { RateLimiter } from "../rate-limit/limiter"
import { RedisRateLimitStore } from "../rate-limit/store"
import AiCreditsGatewayModuleService from "../service"

jest.setTimeout(60_000)

const REDIS_URL = process.env.AI_CREDITS_TEST_REDIS_URL ?? "redis://localhost:6379"
const rateLimits = { rules: [{ per: "visitor", limit: 1, window_seconds: 3_600 }], cooldown: null }

/** An app with Medusa's own `projectConfig.redisUrl` and no `rate_limits.redis_url`. */
moduleIntegrationTestRunner<AiCreditsGatewayModuleService>({
  moduleName: AI_CREDITS_GATEWAY_MODULE,
  resolve: path.join(__dirname, ".."),
  moduleOptions: { rate_limits: rateLimits },
  injectedDependencies: { [ContainerRegistrationKeys.CONFIG_MODULE]: { projectConfig: { redisUrl: REDIS_URL } } },
  testSuite: ({ medusaApp }) => {
    it("keeps the rate-limit counters in the app's Redis, shared with every other server", async () => {
      const otherServer = new RateLimiter(aiCreditsGatewayOptionsSchema.parse({ rate_limits: rateLimits }).rate_limits, new RedisRateLimitStore(REDIS_URL))
      const visitor = { module: "chatbot", visitor_id: `v-${randomUUID()}` }
      // The module itself, not the runner's proxy: the limiter it makes on first use stays on it.
      const service = medusaApp.modules[AI_CREDITS_GATEWAY_MODULE] as AiCreditsGatewayModuleService
      try {
        expect(await service.checkRateLimits(visitor)).toEqual({ allowed: true })

        expect(await otherServer.check(visitor)).toMatchObject({ allowed: false, reason: "rate_limit" })
      } finally {
        await otherServer.close()
      }
    })
  },
})
