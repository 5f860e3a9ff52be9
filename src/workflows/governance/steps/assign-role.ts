import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"

/** Gives an admin user an AI role (once: assigning it again returns the assignment). Compensation removes it. */
export const assignRoleStep = createStep(
  "ai-credits-assign-role",
  async (input: { user_id: string; role: string; assigned_by: string | null }, { container }) => {
    const service = governanceService(container)
    const [existing] = await service.listAiCreditRoleAssignments({ user_id: input.user_id, role: input.role }, { take: 1 })
    const created = existing ? null : await service.createAiCreditRoleAssignments(input)
    return new StepResponse(existing ?? created!, created?.id)
  },
  async (createdId, { container }) => {
    if (createdId) {
      await governanceService(container).deleteAiCreditRoleAssignments([createdId])
    }
  }
)
