import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../../modules/ai-credits-governance"

export type ModuleAccessInput = { module: string; scope: "requests" | "bulk_jobs"; roles: string[] }

/**
 * Restricts a module's requests or bulk jobs to roles (an empty list lifts the restriction).
 * Compensation puts the previous restriction back.
 */
export const setModuleAccessStep = createStep(
  "ai-credits-set-module-access",
  async (input: ModuleAccessInput, { container }) => {
    const service = governanceService(container)
    const [before] = await service.listAiCreditModuleAccesses({ module: input.module, scope: input.scope }, { take: 1 })
    const previous = before ? { id: before.id, roles: before.roles as string[] } : null
    if (!input.roles.length) {
      if (before) {
        await service.softDeleteAiCreditModuleAccesses([before.id])
      }
      return new StepResponse({ ...input, id: before?.id ?? null }, { input, previous })
    }
    const saved = before
      ? await service.updateAiCreditModuleAccesses({ id: before.id, roles: input.roles })
      : await service.createAiCreditModuleAccesses(input)
    return new StepResponse({ ...input, id: saved.id }, { input, previous, created: before ? undefined : saved.id })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const service = governanceService(container)
    if ("created" in undo && undo.created) {
      await service.deleteAiCreditModuleAccesses([undo.created])
    } else if (undo.previous) {
      await service.restoreAiCreditModuleAccesses([undo.previous.id])
      await service.updateAiCreditModuleAccesses({ id: undo.previous.id, roles: undo.previous.roles })
    }
  }
)
