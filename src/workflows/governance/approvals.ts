// Kept so that src/lib/{approvals,governance}.ts (the core part, moving) still resolve while the branches merge.
// Import from "../governance" (this folder's index) instead; delete this file once nothing imports it.
export { ApprovalEvents } from "./approval-notifications"
export * from "./workflows/open-approval-request"
export * from "./workflows/decide-approval-request"
export * from "./workflows/expire-approval-requests"
