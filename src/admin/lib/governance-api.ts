// One definition of each shape: the admin API's types in src/client/types.ts.
import type { BulkJobStatus } from "../../client/enums"
import type { AdminBulkJob as BulkJob, AdminBulkJobQuote as BulkJobQuote } from "../../client/types"

export type { BulkJob, BulkJobQuote, BulkJobStatus }

/** Shapes of the governance admin API: approvals, bulk jobs, AI roles and module access. */

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
