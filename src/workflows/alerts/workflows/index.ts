export * from "./resolve-alert"
export * from "./notify-threshold-reached"
