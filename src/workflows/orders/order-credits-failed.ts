import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../../modules/ai-credits"
import type AiCreditsModuleService from "../../modules/ai-credits/service"

/**
 * Runs an order-credits subscriber's workflows. When they fail it logs the failure and raises a
 * critical `order_credits_failed` alert (one per event and id), then rethrows for the event bus;
 * a failure of the alert itself is ignored, so that the first error is the one the bus sees.
 */
export async function runAlertingOrderCreditsFailure(
  container: MedusaContainer,
  event: { name: string; data: { id: string } },
  input: { payment_id: string } | { order_id: string },
  doing: "granting" | "revoking",
  run: () => Promise<unknown>
) {
  try {
    await run()
  } catch (error) {
    await alertOrderCreditsFailure(container, event, input, doing, error)
    throw error
  }
}

async function alertOrderCreditsFailure(
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
