import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { AI_CREDITS_GOVERNANCE_MODULE } from "../../../../../modules/ai-credits-governance"
import type AiCreditsGovernanceModuleService from "../../../../../modules/ai-credits-governance/service"
import { assignAiRoleWorkflow, usesMedusaRbac } from "../../../../../workflows/governance"
import type { AdminAssignRoleType, AdminListRoleAssignmentsType } from "../../governance/validators"

/** The plugin's own role assignments of admin users. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminListRoleAssignmentsType>, res: MedusaResponse) => {
  const governance: AiCreditsGovernanceModuleService = req.scope.resolve(AI_CREDITS_GOVERNANCE_MODULE)
  const { skip, take } = req.queryConfig.pagination
  const { user_id, role } = req.validatedQuery
  const [role_assignments, count] = await governance.listAndCountAiCreditRoleAssignments(
    { ...(user_id ? { user_id } : {}), ...(role ? { role } : {}) },
    { skip, take, order: { role: "ASC", created_at: "ASC" } }
  )
  res.json({ source: usesMedusaRbac(req.scope) ? "rbac" : "plugin", role_assignments, count, offset: skip, limit: take })
}

/** Gives an admin user an AI role. Refused while Medusa's RBAC module is on: its roles count then. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminAssignRoleType>, res: MedusaResponse) => {
  if (usesMedusaRbac(req.scope)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "Admin roles come from Medusa's RBAC module (the rbac feature flag is on): assign roles there"
    )
  }
  // An unknown admin user is a 404, not an assignment to nobody.
  await req.scope.resolve(Modules.USER).retrieveUser(req.validatedBody.user_id)
  const { result } = await assignAiRoleWorkflow(req.scope).run({
    input: { ...req.validatedBody, assigned_by: req.auth_context.actor_id },
  })
  res.status(201).json({ role_assignment: result })
}
