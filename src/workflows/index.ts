export * from "./steps"
export * from "./adjust-wallet-credits"
export * from "./allocate-pool-credits"
export * from "./admin-settings"
