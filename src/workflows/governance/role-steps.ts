import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { governanceService } from "../../modules/ai-credits-governance"

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

type ModuleAccessInput = { module: string; scope: "requests" | "bulk_jobs"; roles: string[] }

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
