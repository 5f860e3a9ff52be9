/**
 * Governance: approval requests for quota increases, AI roles and module access, bulk AI jobs.
 * Other domains import from here, never from a file inside.
 */
export { ApprovalEvents } from "./approval-notifications"
export { BulkJobEvents } from "./bulk-job-events"
export * from "./steps"
export * from "./workflows"
export * from "./access"
export { runBulkJobs } from "./run-bulk-jobs"
