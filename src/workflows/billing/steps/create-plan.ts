import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { PlanInput } from "../../../modules/ai-credits-billing"
import { billing } from "../subscription-credits"

/** A plan's terms as an admin sets them. */
export type PlanFields = Omit<PlanInput, "id">

/** Creates a plan (its code must be new: 409 otherwise); compensation deletes it. */
export const createPlanStep = createStep(
  "ai-credits-create-plan",
  async (input: Partial<PlanFields> & Pick<PlanFields, "code" | "name" | "monthly_credits">, { container }) => {
    const service = billing(container)
    const [existing] = await service.listAiCreditPlans({ code: input.code }, { take: 1 })
    if (existing) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `A plan with code "${input.code}" exists already`)
    }
    const plan = await service.createAiCreditPlans(input)
    return new StepResponse(plan, plan.id)
  },
  async (id, { container }) => {
    if (id) {
      await billing(container).deleteAiCreditPlans(id)
    }
  }
)
