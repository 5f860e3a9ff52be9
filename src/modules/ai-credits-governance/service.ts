import type { EventArgs } from "@medusajs/framework/mikro-orm/core"
import type { Context } from "@medusajs/framework/types"
import { InjectManager, MedusaContext, MedusaError, MedusaService } from "@medusajs/framework/utils"
import { ApprovalRequest, BulkJob, BulkJobItem, ModuleAccess, RoleAssignment } from "./models"
import { resolveGovernanceOptions, ResolvedGovernanceOptions } from "./options"

type EntityMutation = "afterCreate" | "afterUpdate" | "afterUpsert" | "afterDelete"
type MutationInterceptor = { interceptEntityMutationEvents(event: EntityMutation, args: EventArgs<any>, context: Context): void }

type SqlManager = import("@medusajs/framework/mikro-orm/knex").SqlEntityManager

/** How long an admin user's roles are cached (see cachedAdminRoles). */
const ROLES_TTL_MS = 30_000

export type ApprovalRequestRecord = {
  id: string
  status: "pending" | "approved" | "rejected" | "expired"
  rule_id: string
  rule_name: string
  subject: string
  bucket_start: Date
  window_resets_at: Date
  module: string | null
  metric: string
  requester_type: "customer" | "user" | "visitor"
  requester_id: string | null
  requested_amount: number
  granted_amount: number | null
  reason: string | null
  decision_note: string | null
  decided_by: string | null
  decided_at: Date | null
  expires_at: Date | null
  created_at: Date
}

export type OpenApprovalRequestInput = Pick<
  ApprovalRequestRecord,
  "rule_id" | "rule_name" | "subject" | "module" | "metric" | "requester_type" | "requester_id" | "requested_amount"
> & {
  bucket_start: string | Date
  window_resets_at: string | Date
  reason?: string | null
  /** Asked for by the requester: a rejection earlier in the window does not stand in the way. */
  explicit?: boolean
}

export type BulkJobStatus = "queued" | "running" | "paused_insufficient_credits" | "completed" | "canceled" | "failed"

export type BulkJobRecord = {
  id: string
  name: string
  module: string
  status: BulkJobStatus
  created_by: string
  wallet_id: string | null
  batch_size: number
  items_per_hour: number | null
  items_total: number
  items_done: number
  items_failed: number
  next_position: number
  estimated_credits_per_item: number
  credits_spent: number
  last_error: string | null
  started_at: Date | null
  finished_at: Date | null
  created_at: Date
}

export type BulkPace = { concurrency: number; items_per_hour: number }

/**
 * The `ai_credits_governance` module: who may use which AI module (roles), who may exceed a quota
 * (approval requests) and bulk AI work (jobs and their items). Balances are never touched here:
 * credits move only through the ai_credits module.
 */
class AiCreditsGovernanceModuleService extends MedusaService({
  AiCreditRoleAssignment: RoleAssignment,
  AiCreditModuleAccess: ModuleAccess,
  AiCreditApprovalRequest: ApprovalRequest,
  AiCreditBulkJob: BulkJob,
  AiCreditBulkJobItem: BulkJobItem,
}) {
  protected readonly options_: ResolvedGovernanceOptions
  protected readonly rolesCache_ = new Map<string, { roles: string[]; at: number }>()

  constructor(container: Record<string, unknown>, options?: unknown) {
    super(...arguments)
    this.options_ = resolveGovernanceOptions(options)
  }

  /**
   * An admin user's AI roles as last read (by `rememberAdminRoles`), for at most ROLES_TTL_MS:
   * roles from Medusa's RBAC module change outside this module, so other servers and RBAC changes
   * are seen within that time; this module's own assignments are forgotten at once.
   */
  async cachedAdminRoles(userId: string): Promise<string[] | null> {
    const cached = this.rolesCache_.get(userId)
    return cached && Date.now() - cached.at < ROLES_TTL_MS ? cached.roles : null
  }

  async rememberAdminRoles(userId: string, roles: string[]): Promise<void> {
    if (this.rolesCache_.size > 10_000) {
      this.rolesCache_.clear()
    }
    this.rolesCache_.set(userId, { roles, at: Date.now() })
  }

  /** Every write of this module passes here: a role assignment's change forgets its user's cached roles. */
  // A synchronous ORM hook MedusaService calls on every write, not a service method of its own.
  // eslint-disable-next-line @medusajs/service-methods-must-be-async, @medusajs/use-inject-manager-on-public-methods, @medusajs/medusa-context-on-context-param
  interceptEntityMutationEvents(event: EntityMutation, args: EventArgs<any>, context: Context): void {
    // MedusaService's own handler (it emits the module's events) is not in its public type.
    const base = Object.getPrototypeOf(AiCreditsGovernanceModuleService.prototype) as MutationInterceptor
    base.interceptEntityMutationEvents.call(this, event, args, context)
    if (args.meta.className === "AiCreditRoleAssignment") {
      const userId = (args.entity as { user_id?: string } | undefined)?.user_id
      if (userId) {
        this.rolesCache_.delete(userId)
      } else {
        this.rolesCache_.clear()
      }
    }
  }

  get options(): ResolvedGovernanceOptions {
    return this.options_
  }

  /** The concurrency cap and hourly item rate of a module's bulk jobs. */
  async bulkPaceOf(module: string): Promise<BulkPace> {
    const { concurrency, items_per_hour, modules } = this.options_.bulk_jobs
    return { concurrency, items_per_hour, ...modules[module] }
  }

  /** The AI roles this plugin gave an admin user. */
  async listOwnRoles(userId: string): Promise<string[]> {
    const rows = await this.listAiCreditRoleAssignments({ user_id: userId }, { take: 1_000 })
    return rows.map((row) => row.role).sort()
  }

  /** The roles a module is restricted to for `scope`, or null when it is open to every admin user. */
  async requiredRoles(module: string, scope: "requests" | "bulk_jobs"): Promise<string[] | null> {
    const [access] = await this.listAiCreditModuleAccesses({ module, scope }, { take: 1 })
    const roles = (access?.roles ?? null) as string[] | null
    return roles && roles.length ? roles : null
  }

  /**
   * Extra allowance approved for quota counters, in force now: by `rule_id|subject`. An increase
   * stops counting at its `expires_at`, whether or not the expiry job has marked it yet.
   */
  async approvedIncreases(counters: { rule_id: string; subject: string }[], now = new Date()): Promise<Map<string, number>> {
    const extra = new Map<string, number>()
    if (!counters.length) {
      return extra
    }
    const approved = await this.listAiCreditApprovalRequests(
      {
        status: "approved",
        rule_id: [...new Set(counters.map((c) => c.rule_id))],
        subject: [...new Set(counters.map((c) => c.subject))],
        expires_at: { $gt: now },
      },
      { take: 1_000 }
    )
    for (const request of approved) {
      const key = `${request.rule_id}|${request.subject}`
      extra.set(key, (extra.get(key) ?? 0) + (request.granted_amount ?? 0))
    }
    return extra
  }

  /**
   * The approval request for a refused quota counter in this window: the pending (or rejected)
   * one when there is one, so repeated refusals do not flood the admin; a new pending one otherwise.
   */
  async openApprovalRequest(input: OpenApprovalRequestInput): Promise<{ request: ApprovalRequestRecord; created: boolean }> {
    const existing = await this.findOpenApprovalRequest_(input)
    if (existing) {
      return { request: existing, created: false }
    }
    try {
      const { explicit: _explicit, ...fields } = input
      const request = await this.createAiCreditApprovalRequests({
        ...fields,
        bucket_start: new Date(input.bucket_start),
        window_resets_at: new Date(input.window_resets_at),
        reason: input.reason ?? null,
        status: "pending",
      })
      return { request: request as unknown as ApprovalRequestRecord, created: true }
    } catch (error) {
      // Another refusal opened it at the same moment (one pending request per counter and window).
      const raced = await this.findOpenApprovalRequest_(input)
      if (raced) {
        return { request: raced, created: false }
      }
      throw error
    }
  }

  protected async findOpenApprovalRequest_(input: OpenApprovalRequestInput): Promise<ApprovalRequestRecord | null> {
    const [found] = await this.listAiCreditApprovalRequests(
      {
        rule_id: input.rule_id,
        subject: input.subject,
        bucket_start: new Date(input.bucket_start),
        status: input.explicit ? ["pending"] : ["pending", "rejected"],
      },
      { take: 1, order: { created_at: "DESC" } }
    )
    return (found as unknown as ApprovalRequestRecord) ?? null
  }

  /** Items of one bulk job processed since `since`, for its own hourly rate. */
  async countJobItemsProcessedSince(jobId: string, since: Date): Promise<number> {
    const [, count] = await this.listAndCountAiCreditBulkJobItems(
      { job_id: jobId, processed_at: { $gte: since } },
      { take: 1, select: ["id"] }
    )
    return count
  }

  /** Items of a module's bulk jobs processed since `since`, for its hourly rate. */
  @InjectManager()
  async countBulkItemsProcessedSince(module: string, since: Date, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const [row] = await managerOf(sharedContext).execute(
      `SELECT count(*)::int AS processed FROM ai_credit_bulk_job_item i
        JOIN ai_credit_bulk_job j ON j.id = i.job_id
        WHERE j.module = ? AND i.processed_at >= ? AND i.deleted_at IS NULL`,
      [module, since]
    )
    return Number(row?.processed ?? 0)
  }
}

function managerOf(sharedContext: Context): SqlManager {
  const found = sharedContext.transactionManager ?? sharedContext.manager
  if (!found) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "No database manager in the context")
  }
  return found as SqlManager
}

export default AiCreditsGovernanceModuleService
