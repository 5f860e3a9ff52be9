import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"
import type { OpenApprovalRequestInput } from "../../../modules/ai-credits-governance/types"

/**
 * Opens the approval request of a refused quota counter, or finds the one already open for its
 * window. Compensation deletes a request this step created.
 */
export const openApprovalRequestStep = createStep(
  "ai-credits-open-approval-request",
  async (input: OpenApprovalRequestInput, { container }) => {
    const opened = await governanceService(container).openApprovalRequest(input)
    return new StepResponse(opened, opened.created ? opened.request.id : undefined)
  },
  async (createdId, { container }) => {
    if (createdId) {
      await governanceService(container).deleteAiCreditApprovalRequests([createdId])
    }
  }
)
