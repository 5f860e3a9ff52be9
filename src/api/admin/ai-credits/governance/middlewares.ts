import { authenticate, type MiddlewareRoute } from "@medusajs/framework/http"
import {
  AdminApproveRequest,
  AdminAssignRole,
  AdminCreateBulkJob,
  AdminListBulkJobItems,
  AdminListBulkJobs,
  AdminQuoteBulkJob,
  AdminListRoleAssignments,
  AdminRejectRequest,
  AdminSetModuleAccess,
  ListApprovalRequests,
  RequestQuotaIncrease,
} from "./validators"
import { LIST_CONFIG, withBody, withQuery } from "../../../utils/middleware-routes"

const customer = authenticate("customer", ["session", "bearer"])

/** Validators of the governance routes (roles, module access, approvals, bulk jobs); spread into src/api/middlewares.ts. */
export const governanceRoutes: MiddlewareRoute[] = [
  withQuery("/admin/ai-credits/approval-requests", ListApprovalRequests),
  withBody("/admin/ai-credits/approval-requests", RequestQuotaIncrease),
  withBody("/admin/ai-credits/approval-requests/:id/approve", AdminApproveRequest),
  withBody("/admin/ai-credits/approval-requests/:id/reject", AdminRejectRequest),
  withQuery("/admin/ai-credits/roles/assignments", AdminListRoleAssignments),
  withBody("/admin/ai-credits/roles/assignments", AdminAssignRole),
  withBody("/admin/ai-credits/module-access", AdminSetModuleAccess),
  withBody("/admin/ai-credits/bulk-jobs/quote", AdminQuoteBulkJob),
  withQuery("/admin/ai-credits/bulk-jobs", AdminListBulkJobs),
  withBody("/admin/ai-credits/bulk-jobs", AdminCreateBulkJob),
  withQuery("/admin/ai-credits/bulk-jobs/:id/items", AdminListBulkJobItems),
  withQuery("/store/ai-credits/approval-requests", ListApprovalRequests, LIST_CONFIG, customer),
  withBody("/store/ai-credits/approval-requests", RequestQuotaIncrease, customer),
]
