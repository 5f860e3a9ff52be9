import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { AI_CREDITS_MODULE } from "../modules/ai-credits"
import type AiCreditsModuleService from "../modules/ai-credits/service"

/** Most batches one run settles, so a backlog cannot keep one run going for ever. */
const MAX_BATCHES_PER_RUN = 100

/**
 * Expires grants, starts grants whose time has come and releases holds past their TTL, writing
 * each to the ledger. Reads and spends never wait for this (they settle a due wallet themselves);
 * the job keeps idle wallets' ledgers current and the balances in the admin exact.
 */
export default async function settleAiCreditWalletsJob(container: MedusaContainer) {
  const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const batchSize = credits.options.expiry_batch_size
  let settled = 0
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const count = await credits.settleDueWallets(batchSize)
    settled += count
    if (count < batchSize) {
      break
    }
  }
  if (settled) {
    logger.info(`ai-credits: settled ${settled} wallet(s) with expired grants or holds`)
  }
}

export const config = {
  name: "ai-credits-settle-wallets",
  schedule: "* * * * *",
}
