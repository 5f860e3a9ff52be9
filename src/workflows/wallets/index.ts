/** Wallets: credits in and out by hand, pools, prices, wallet settings and quota rules. Other domains import from here. */
export * from "./steps"
export * from "./workflows"
