import {
  authenticate,
  validateAndTransformBody,
  validateAndTransformQuery,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
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

const listConfig = { defaults: ["id"], isList: true }
const customer = authenticate("customer", ["session", "bearer"])

/** Validators of the governance routes (roles, module access, approvals, bulk jobs); spread into src/api/middlewares.ts. */
export const governanceRoutes: MiddlewareRoute[] = [
  {
    matcher: "/admin/ai-credits/approval-requests",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(ListApprovalRequests, listConfig)],
  },
  {
    matcher: "/admin/ai-credits/approval-requests",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(RequestQuotaIncrease)],
  },
  {
    matcher: "/admin/ai-credits/approval-requests/:id/approve",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminApproveRequest)],
  },
  {
    matcher: "/admin/ai-credits/approval-requests/:id/reject",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminRejectRequest)],
  },
  {
    matcher: "/admin/ai-credits/roles/assignments",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListRoleAssignments, listConfig)],
  },
  {
    matcher: "/admin/ai-credits/roles/assignments",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminAssignRole)],
  },
  {
    matcher: "/admin/ai-credits/module-access",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminSetModuleAccess)],
  },
  {
    matcher: "/admin/ai-credits/bulk-jobs/quote",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminQuoteBulkJob)],
  },
  {
    matcher: "/admin/ai-credits/bulk-jobs",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListBulkJobs, listConfig)],
  },
  {
    matcher: "/admin/ai-credits/bulk-jobs",
    methods: ["POST"],
    middlewares: [validateAndTransformBody(AdminCreateBulkJob)],
  },
  {
    matcher: "/admin/ai-credits/bulk-jobs/:id/items",
    methods: ["GET"],
    middlewares: [validateAndTransformQuery(AdminListBulkJobItems, listConfig)],
  },
  {
    matcher: "/store/ai-credits/approval-requests",
    methods: ["GET"],
    middlewares: [customer, validateAndTransformQuery(ListApprovalRequests, listConfig)],
  },
  {
    matcher: "/store/ai-credits/approval-requests",
    methods: ["POST"],
    middlewares: [customer, validateAndTransformBody(RequestQuotaIncrease)],
  },
]
