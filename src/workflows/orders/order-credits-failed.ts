import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"

/**
 * What an order-credits subscriber does when its workflow fails, before it rethrows: it logs the
 * failure and raises a critical `order_credits_failed` alert (one per event and id), whose own
 * failure is ignored so that the first error is the one the event bus sees.
 */
export async function reportOrderCreditsFailure(
  container: MedusaContainer,
  event: { name: string; data: { id: string } },
  input: { payment_id: string } | { order_id: string },
  doing: "granting" | "revoking",
  error: unknown
) {
  const message = (error as Error)?.message ?? String(error)
  const logger: Logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  logger.error(`ai-credits: ${doing} the credit packs of ${event.name} ${event.data.id} failed: ${message}`)
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  await credits
    .raiseAlert({
      type: "order_credits_failed",
      severity: "critical",
      message: `Credit packs of ${event.name} ${event.data.id} could not be ${doing === "granting" ? "granted" : "revoked"}: ${message}`,
      dedupe_key: `order_credits_failed:${event.name}:${event.data.id}`,
      data: { event: event.name, ...input, error: message },
    })
    .catch(() => undefined)
}
