/**
 * The ledger's pure policy: who pays, what is held, which fallback answers a refusal, what a
 * caller may see. Functions of a `CallerContext` the metering workflows build once per request;
 * they read nothing themselves.
 */
export * from "./caller"
export * from "./context"
export * from "./estimates"
export * from "./fallback"
export * from "./visibility"
export * from "./server-keys"
