import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { runDueAutoTopUps } from "../lib/auto-top-ups"

/** Tops up wallets below their auto top-up threshold, and on their fixed day (see `runDueAutoTopUps`). */
export default async function runAutoTopUpsJob(container: MedusaContainer) {
  const results = await runDueAutoTopUps(container)
  const done = results.filter((r) => r.status !== "skipped")
  if (done.length) {
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .info(`ai-credits: ${done.length} auto top-up(s): ${done.map((r) => `${r.wallet_id} ${r.status}`).join(", ")}`)
  }
}

export const config = {
  name: "ai-credits-run-auto-top-ups",
  schedule: "* * * * *",
}
