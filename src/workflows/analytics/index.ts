/** Analytics: the merchant's ROI assumptions. */
export * from "./steps"
export * from "./workflows"
