/** Alerts: a wallet crossing a threshold is told to people; an admin marks an alert dealt with. */
export * from "./steps"
export * from "./workflows"
