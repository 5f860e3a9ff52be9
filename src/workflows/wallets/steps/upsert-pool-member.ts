import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { AI_CREDITS_MODULE } from "../../../modules/ai-credits"
import type AiCreditsModuleService from "../../../modules/ai-credits/service"

export type UpsertPoolMemberStepInput = { pool_id: string; sales_channel_id: string; allocation_cap: number | null }

/**
 * Adds a sales channel to a pool, or changes its allocation cap.
 * Compensation removes a member it added, or restores the previous cap.
 */
export const upsertPoolMemberStep = createStep(
  "ai-credits-upsert-pool-member",
  async (input: UpsertPoolMemberStepInput, { container }) => {
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    const [existing] = await credits.listAiCreditPoolMembers({
      pool_id: input.pool_id,
      sales_channel_id: input.sales_channel_id,
    })
    if (existing) {
      const member = await credits.updateAiCreditPoolMembers({ id: existing.id, allocation_cap: input.allocation_cap })
      return new StepResponse({ member, created: false }, { id: existing.id, previous_cap: existing.allocation_cap, created: false })
    }
    const member = await credits.createAiCreditPoolMembers(input)
    return new StepResponse({ member, created: true }, { id: member.id, previous_cap: null, created: true })
  },
  async (compensation, { container }) => {
    if (!compensation) {
      return
    }
    const credits: AiCreditsModuleService = container.resolve(AI_CREDITS_MODULE)
    if (compensation.created) {
      await credits.deleteAiCreditPoolMembers([compensation.id])
    } else {
      await credits.updateAiCreditPoolMembers({ id: compensation.id, allocation_cap: compensation.previous_cap })
    }
  }
)
