import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { expireApprovalRequestsWorkflow } from "../workflows/governance"

/**
 * Marks approved quota increases whose time is up as expired and tells subscribers
 * (`ai_credits.approval_expired`). The increase itself stopped counting at its `expires_at`.
 */
export default async function expireAiCreditApprovalsJob(container: MedusaContainer) {
  const { result } = await expireApprovalRequestsWorkflow(container).run({ input: {} })
  if (result.length) {
    container.resolve(ContainerRegistrationKeys.LOGGER).info(`ai-credits: ${result.length} approved increase(s) lapsed`)
  }
}

export const config = {
  name: "ai-credits-expire-approvals",
  schedule: "* * * * *",
}
