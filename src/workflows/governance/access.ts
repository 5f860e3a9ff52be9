import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, FeatureFlag, Modules } from "@medusajs/framework/utils"
import { CreditError } from "../../modules/ai-credits/errors"
import type { QuotaCheck } from "../../modules/ai-credits/quota/matching"
import { governanceService } from "../../modules/ai-credits-governance"
import type { ApprovalRequestRecord } from "../../modules/ai-credits-governance/service"
// Through the domain's index: the approval workflows may move inside this folder.
import { openApprovalRequestWorkflow } from "."

/** Whether admin roles come from Medusa's RBAC module (the `rbac` feature flag on and the module loaded). */
export function usesMedusaRbac(container: MedusaContainer): boolean {
  return FeatureFlag.isFeatureEnabled("rbac") && container.hasRegistration(Modules.RBAC)
}

/**
 * An admin user's AI roles: their RBAC roles (by name) when Medusa's RBAC module is on, the roles
 * this plugin assigned otherwise. Cached briefly by the governance service, which forgets a user's
 * roles when its own assignments of them change.
 */
export async function adminRolesOf(container: MedusaContainer, userId: string): Promise<string[]> {
  const governance = governanceService(container)
  const cached = await governance.cachedAdminRoles(userId)
  if (cached) {
    return cached
  }
  let roles: string[]
  if (usesMedusaRbac(container)) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "user", fields: ["id", "rbac_roles.name"], filters: { id: userId } })
    const linked = (data[0] as { rbac_roles?: ({ name: string } | null)[] } | undefined)?.rbac_roles ?? []
    roles = linked.flatMap((role) => (role ? [role.name] : [])).sort()
  } else {
    roles = await governance.listOwnRoles(userId)
  }
  await governance.rememberAdminRoles(userId, roles)
  return roles
}

/**
 * Refuses (403 `not_allowed`) an admin user without a role the module requires for requests or
 * bulk jobs. Modules without a restriction are open to every admin user. `roles` are the user's,
 * when the caller has read them already.
 */
export async function assertModuleAccess(
  container: MedusaContainer,
  userId: string,
  module: string,
  scope: "requests" | "bulk_jobs",
  roles?: string[]
): Promise<void> {
  const required = await governanceService(container).requiredRoles(module, scope)
  if (!required) {
    return
  }
  const yours = roles ?? (await adminRolesOf(container, userId))
  if (!required.some((role) => yours.includes(role))) {
    const what = scope === "bulk_jobs" ? `Bulk jobs of the ${module} module are` : `The ${module} module is`
    throw new CreditError("not_allowed", `${what} restricted to the role${required.length > 1 ? "s" : ""} ${required.join(", ")}`, {
      reason: "role_required",
      module,
      scope,
      required_roles: required,
      your_roles: yours,
    })
  }
}

/**
 * Raises the limits of `require_approval` quotas by the increases approved for their subject and
 * still in force. Other quotas are returned as they are, without a database read.
 */
export async function withApprovedIncreases(container: MedusaContainer, checks: QuotaCheck[]): Promise<QuotaCheck[]> {
  const approvable = checks.filter((check) => check.action === "require_approval")
  if (!approvable.length) {
    return checks
  }
  const extra = await governanceService(container).approvedIncreases(approvable)
  return checks.map((check) => {
    const more = check.action === "require_approval" ? extra.get(`${check.rule_id}|${check.subject}`) : undefined
    return more ? { ...check, limit: check.limit + more } : check
  })
}

export type Requester = { type: "customer" | "user" | "visitor"; id: string | null }

/**
 * The refusal of a request over a `require_approval` quota: 403 `approval_required` with the
 * approval request opened for it (pending, or rejected for this window), the rule, what remains
 * and when it resets.
 */
export async function approvalRefusal(
  container: MedusaContainer,
  requester: Requester,
  refusal: CreditError,
  check: QuotaCheck,
  module: string
): Promise<CreditError> {
  const required = Number(refusal.details.required ?? 1)
  const remaining = Number(refusal.details.remaining ?? 0)
  const { result } = await openApprovalRequestWorkflow(container).run({
    input: {
      rule_id: check.rule_id,
      rule_name: check.name,
      subject: check.subject,
      bucket_start: check.bucket_start,
      window_resets_at: check.resets_at,
      module,
      metric: check.metric,
      requester_type: requester.type,
      requester_id: requester.id,
      requested_amount: Math.max(required - remaining, 1),
    },
  })
  const request = result.request
  const message =
    request.status === "rejected"
      ? `The quota "${check.name}" is used up and a request for more was rejected`
      : `The quota "${check.name}" is used up; an admin has been asked to approve more`
  return new CreditError("approval_required", message, {
    ...refusal.details,
    approval_request: serializeApprovalRequest(request),
  })
}

/** An approval request as the APIs show it. */
export function serializeApprovalRequest(request: ApprovalRequestRecord) {
  return {
    id: request.id,
    status: request.status,
    rule_id: request.rule_id,
    rule_name: request.rule_name,
    subject: request.subject,
    module: request.module,
    metric: request.metric,
    requester_type: request.requester_type,
    requester_id: request.requester_id,
    requested_amount: request.requested_amount,
    granted_amount: request.granted_amount,
    reason: request.reason,
    decision_note: request.decision_note,
    decided_by: request.decided_by,
    decided_at: request.decided_at,
    expires_at: request.expires_at,
    window_start: request.bucket_start,
    window_resets_at: request.window_resets_at,
    created_at: request.created_at,
  }
}
