// One definition of each shape: the admin API's types in src/client/types.ts.
import type { ApprovalRequestStatus as ApprovalStatus, BulkJobStatus } from "../../client/enums"
import type {
  AdminApprovalRequest as ApprovalRequest,
  AdminBulkJob as BulkJob,
  AdminBulkJobQuote as BulkJobQuote,
  AdminModuleAccess as ModuleAccess,
  AdminRoleAssignment as RoleAssignment,
} from "../../client/types"

export type { ApprovalRequest, ApprovalStatus, BulkJob, BulkJobQuote, BulkJobStatus, ModuleAccess, RoleAssignment }

/** Shapes of the governance admin API: approvals, bulk jobs, AI roles and module access. */

export type BulkItemInput = { prompt: string; reference?: string }

