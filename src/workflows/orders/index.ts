/**
 * Credits bought with orders: the credit packs of an order are granted once its payment is
 * captured (as it is placed, for an order of credit packs only with `credit_packs.capture:
 * "on_order"`), and taken back (as far as unspent) when it is canceled or refunded.
 */
export * from "./workflows/grant-order-credits"
export * from "./workflows/revoke-order-credits"
export * from "./workflows/capture-credit-pack-order"
export * from "./steps/find-order-credit-packs"
export * from "./steps/load-order-credit-state"
export * from "./steps/resolve-credit-pack-wallets"
export * from "./steps/plan-order-credit-grants"
export * from "./steps/grant-order-line-credits"
export * from "./steps/plan-order-credit-revocations"
export * from "./steps/revoke-order-line-credits"
export * from "./steps/raise-order-shortfall-alert"
export * from "./steps/find-digital-order-payments"
export * from "./steps/capture-order-payments"
export * from "./order-credit-state"
export * from "./order-credits-failed"
