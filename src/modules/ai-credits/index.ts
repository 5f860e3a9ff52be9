import { Module } from "@medusajs/framework/utils"
import validateOptionsLoader from "./loaders/validate-options"
import AiCreditsModuleService from "./service"

export const AI_CREDITS_MODULE = "ai_credits"

export default Module(AI_CREDITS_MODULE, {
  service: AiCreditsModuleService,
  loaders: [validateOptionsLoader],
})

export { AiCreditsModuleService }
export * from "./types"
export type { AiCreditsLedgerOptions } from "./options"
export * from "./policy"
