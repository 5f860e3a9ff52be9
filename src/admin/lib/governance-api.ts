// One definition of each shape: the admin API's types in src/client/types.ts.
import type { BulkJobStatus } from "../../client/enums"
import type { AdminBulkJob as BulkJob, AdminBulkJobQuote as BulkJobQuote } from "../../client/types"
import { cleanQuery, type Paginated } from "./api"
import { sdk } from "./sdk"

export type { BulkJob, BulkJobQuote, BulkJobStatus }

/** Shapes of the governance admin API: approvals, bulk jobs, AI roles and module access. */

const BASE = "/admin/ai-credits"

export type ApprovalStatus = "pending" | "approved" | "rejected" | "expired"

export type ApprovalRequest = {
  id: string
  status: ApprovalStatus
  rule_id: string
  rule_name: string
  subject: string
  module: string | null
  metric: string
  requester_type: "customer" | "user" | "visitor"
  requester_id: string | null
  requested_amount: number
  granted_amount: number | null
  reason: string | null
  decision_note: string | null
  decided_by: string | null
  decided_at: string | null
  expires_at: string | null
  window_start: string
  window_resets_at: string
  created_at: string
}


export type BulkItemInput = { prompt: string; reference?: string }

export type RoleAssignment = { id: string; user_id: string; role: string; assigned_by: string | null; created_at: string }

export type ModuleAccess = { id: string; module: string; scope: "requests" | "bulk_jobs"; roles: string[] }

export const governanceApi = {
  listApprovals: (query: { status?: ApprovalStatus; limit?: number }) =>
    sdk.client.fetch<{ approval_requests: ApprovalRequest[] } & Paginated>(`${BASE}/approval-requests`, {
      query: cleanQuery(query),
    }),
  approve: (id: string, body: { amount?: number; duration_seconds?: number; note?: string }) =>
    sdk.client.fetch<{ approval_request: ApprovalRequest }>(`${BASE}/approval-requests/${id}/approve`, { method: "POST", body }),
  reject: (id: string, reason: string) =>
    sdk.client.fetch<{ approval_request: ApprovalRequest }>(`${BASE}/approval-requests/${id}/reject`, {
      method: "POST",
      body: { reason },
    }),
  listBulkJobs: (query: { status?: BulkJobStatus; limit?: number }) =>
    sdk.client.fetch<{ bulk_jobs: BulkJob[] } & Paginated>(`${BASE}/bulk-jobs`, { query: cleanQuery(query) }),
  quoteBulkJob: (body: { module: string; items: BulkItemInput[] }) =>
    sdk.client.fetch<{ quote: BulkJobQuote }>(`${BASE}/bulk-jobs/quote`, { method: "POST", body }),
  submitBulkJob: (body: { name: string; module: string; items: BulkItemInput[]; batch_size?: number; items_per_hour?: number }) =>
    sdk.client.fetch<{ bulk_job: BulkJob }>(`${BASE}/bulk-jobs`, { method: "POST", body }),
  cancelBulkJob: (id: string) => sdk.client.fetch<{ bulk_job: BulkJob }>(`${BASE}/bulk-jobs/${id}/cancel`, { method: "POST" }),
  resumeBulkJob: (id: string) => sdk.client.fetch<{ bulk_job: BulkJob }>(`${BASE}/bulk-jobs/${id}/resume`, { method: "POST" }),
  listRoleAssignments: () =>
    sdk.client.fetch<{ source: "rbac" | "plugin"; role_assignments: RoleAssignment[] } & Paginated>(
      `${BASE}/roles/assignments`,
      { query: { limit: 500 } }
    ),
  assignRole: (body: { user_id: string; role: string }) =>
    sdk.client.fetch<{ role_assignment: RoleAssignment }>(`${BASE}/roles/assignments`, { method: "POST", body }),
  unassignRole: (id: string) => sdk.client.fetch(`${BASE}/roles/assignments/${id}`, { method: "DELETE" }),
  listModuleAccess: () => sdk.client.fetch<{ module_access: ModuleAccess[] }>(`${BASE}/module-access`),
  setModuleAccess: (body: { module: string; scope: "requests" | "bulk_jobs"; roles: string[] }) =>
    sdk.client.fetch<{ module_access: ModuleAccess }>(`${BASE}/module-access`, { method: "POST", body }),
}

export const governanceKeys = {
  all: ["ai-credits", "governance"] as const,
  approvals: (status: string) => ["ai-credits", "governance", "approvals", status] as const,
  bulkJobs: (status: string) => ["ai-credits", "governance", "bulk-jobs", status] as const,
  roles: ["ai-credits", "governance", "roles"] as const,
  moduleAccess: ["ai-credits", "governance", "module-access"] as const,
  users: ["ai-credits", "governance", "users"] as const,
}
