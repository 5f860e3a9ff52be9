import { Module } from "@medusajs/framework/utils"
import AiCreditsGovernanceModuleService from "./service"

export const AI_CREDITS_GOVERNANCE_MODULE = "ai_credits_governance"

/**
 * Governance of AI spending by people and jobs: admin users' AI roles (when Medusa's RBAC module
 * is off), module access by role, approval requests for quota increases, and bulk AI jobs.
 */
export default Module(AI_CREDITS_GOVERNANCE_MODULE, {
  service: AiCreditsGovernanceModuleService,
})

export { AiCreditsGovernanceModuleService }
export type { AiCreditsGovernanceOptions } from "./options"

/** The governance module's service from a container (routes, steps, jobs). */
export function governanceService(container: { resolve: (key: string) => unknown }): AiCreditsGovernanceModuleService {
  return container.resolve(AI_CREDITS_GOVERNANCE_MODULE) as AiCreditsGovernanceModuleService
}
