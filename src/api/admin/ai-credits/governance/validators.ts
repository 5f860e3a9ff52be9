import { z } from "@medusajs/framework/zod"
import { createListParams } from "../../../utils/list-params"
import { aiModuleNameSchema as moduleName, boundedDate } from "../../../utils/input-schemas"

const id = z.string().trim().min(1).max(255)
const roleName = z.string().trim().regex(/^[a-z][a-z0-9_-]{0,63}$/, "role names are lower case letters, digits, - or _")
const amount = z.number().int("must be a whole number").positive().max(1_000_000_000)
const note = z.string().trim().min(1).max(500)

export const RequestQuotaIncrease = z
  .object({ rule_id: id, amount, reason: note.optional() })
  .strict()
export type RequestQuotaIncreaseType = z.infer<typeof RequestQuotaIncrease>

export const ListApprovalRequests = createListParams({ limit: 50, offset: 0 }).extend({
  status: z.enum(["pending", "approved", "rejected", "expired"]).optional(),
})
export type ListApprovalRequestsType = z.infer<typeof ListApprovalRequests>

export const AdminApproveRequest = z
  .object({
    /** Extra allowance; the amount asked for when omitted. */
    amount: amount.optional(),
    /** Until when the increase applies; the end of the window it was asked in when omitted. */
    expires_at: boundedDate.refine((d) => d.getTime() > Date.now(), "must be in the future").optional(),
    duration_seconds: z.number().int().min(60).max(366 * 86_400).optional(),
    note: note.optional(),
  })
  .strict()
  .refine((body) => !(body.expires_at && body.duration_seconds), {
    message: "give expires_at or duration_seconds, not both",
    path: ["duration_seconds"],
  })
export type AdminApproveRequestType = z.infer<typeof AdminApproveRequest>

export const AdminRejectRequest = z.object({ reason: note }).strict()
export type AdminRejectRequestType = z.infer<typeof AdminRejectRequest>

export const AdminListRoleAssignments = createListParams({ limit: 100, offset: 0 }).extend({
  user_id: id.optional(),
  role: roleName.optional(),
})
export type AdminListRoleAssignmentsType = z.infer<typeof AdminListRoleAssignments>

export const AdminAssignRole = z.object({ user_id: id, role: roleName }).strict()
export type AdminAssignRoleType = z.infer<typeof AdminAssignRole>

export const AdminSetModuleAccess = z
  .object({
    module: moduleName,
    /** `requests`: the module's AI requests by admin users; `bulk_jobs`: bulk jobs run through it. */
    scope: z.enum(["requests", "bulk_jobs"]),
    /** Roles allowed; an empty list lifts the restriction. */
    roles: z.array(roleName).max(50),
  })
  .strict()
export type AdminSetModuleAccessType = z.infer<typeof AdminSetModuleAccess>

const bulkItems = z
  .array(z.object({ prompt: z.string().trim().min(1).max(20_000), reference: z.string().trim().max(255).nullish() }).strict())
  .min(1, "a bulk job needs at least one item")
  .max(10_000, "at most 10,000 items per job")

export const AdminQuoteBulkJob = z.object({ module: moduleName, items: bulkItems }).strict()
export type AdminQuoteBulkJobType = z.infer<typeof AdminQuoteBulkJob>

export const AdminCreateBulkJob = z
  .object({
    name: z.string().trim().min(1).max(200),
    module: moduleName,
    items: bulkItems,
    /** Items one batch holds credits for; the module's default when omitted. */
    batch_size: z.number().int().min(1).max(1_000).optional(),
    /** This job's own pace (items per hour), at most the module's. */
    items_per_hour: z.number().int().min(1).max(1_000_000).optional(),
    /** Pay from this wallet only; otherwise the store's payer chain for admin users decides. */
    wallet_id: id.optional(),
  })
  .strict()
export type AdminCreateBulkJobType = z.infer<typeof AdminCreateBulkJob>

export const AdminListBulkJobs = createListParams({ limit: 50, offset: 0 }).extend({
  status: z.enum(["queued", "running", "paused_insufficient_credits", "completed", "canceled", "failed"]).optional(),
  module: moduleName.optional(),
})
export type AdminListBulkJobsType = z.infer<typeof AdminListBulkJobs>

export const AdminListBulkJobItems = createListParams({ limit: 100, offset: 0 }).extend({
  status: z.enum(["pending", "done", "failed"]).optional(),
})
export type AdminListBulkJobItemsType = z.infer<typeof AdminListBulkJobItems>
