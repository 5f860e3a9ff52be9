import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { PlanDTO } from "../../../modules/ai-credits-billing"
import type { PlanFields } from "./create-plan"
import { billing } from "../subscription-credits"

/** Changes a plan's terms (for later periods); compensation puts the previous terms back. */
export const updatePlanStep = createStep(
  "ai-credits-update-plan",
  async (input: Partial<PlanFields> & { id: string }, { container }) => {
    const service = billing(container)
    const previous = await service.retrieveAiCreditPlan(input.id)
    const before = Object.fromEntries(Object.keys(input).map((key) => [key, previous[key as keyof PlanDTO]]))
    const plan = await service.updateAiCreditPlans(input)
    return new StepResponse(plan, { ...before, id: input.id } as Partial<PlanFields> & { id: string })
  },
  async (before, { container }) => {
    if (before) {
      await billing(container).updateAiCreditPlans(before)
    }
  }
)
