import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"

/** Takes an AI role back (soft delete). Compensation restores it. */
export const unassignRoleStep = createStep(
  "ai-credits-unassign-role",
  async (input: { id: string }, { container }) => {
    const service = governanceService(container)
    const assignment = await service.retrieveAiCreditRoleAssignment(input.id)
    await service.softDeleteAiCreditRoleAssignments([input.id])
    return new StepResponse(assignment, input.id)
  },
  async (id, { container }) => {
    if (id) {
      await governanceService(container).restoreAiCreditRoleAssignments([id])
    }
  }
)
