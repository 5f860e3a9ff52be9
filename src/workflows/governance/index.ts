export * from "./approvals"
export * from "./roles"
