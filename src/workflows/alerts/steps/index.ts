export * from "./resolve-alert"
export * from "./email-threshold-reached"
