export * from "./approvals"
export * from "./roles"
export * from "./bulk-jobs"
export * from "./access"
