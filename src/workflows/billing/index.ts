/**
 * Billing: plans and subscriptions (Stripe or invoiced), the Stripe events that drive them, invoiced
 * renewals, auto top-ups and credit packages.
 */
export * from "./workflows/auto-top-up-wallet"
export * from "./workflows/change-subscription"
export * from "./workflows/create-credit-package"
export * from "./workflows/create-plan"
export * from "./workflows/delete-credit-package"
export * from "./workflows/end-subscription"
export * from "./locked-runs"
export * from "./workflows/handle-stripe-event"
export * from "./workflows/open-plan-period"
export * from "./workflows/renew-invoiced-subscription"
export * from "./workflows/save-own-auto-top-up"
export * from "./workflows/start-invoiced-subscription"
export * from "./workflows/start-plan-subscription"
export * from "./workflows/update-auto-top-up"
export * from "./workflows/update-credit-package"
export * from "./workflows/update-plan"
export * from "./steps/apply-plan-alerts"
export * from "./steps/attach-trial-claims"
export * from "./steps/charge-auto-top-up"
export * from "./steps/claim-trial"
export * from "./steps/close-plan-period"
export * from "./steps/create-credit-package"
export * from "./steps/create-plan"
export * from "./steps/create-stripe-subscription"
export * from "./steps/create-subscription-record"
export * from "./steps/delete-credit-package"
export * from "./steps/grant-plan-period"
export * from "./steps/load-stripe-event-target"
export * from "./steps/load-subscription"
export * from "./steps/plan-invoiced-renewal"
export * from "./steps/prorate-plan-change"
export * from "./steps/record-stripe-event"
export * from "./steps/reserve-auto-top-up"
export * from "./steps/retrieve-credit-package-link"
export * from "./steps/revoke-subscription-credits"
export * from "./steps/save-top-up-card"
export * from "./steps/settle-auto-top-up"
export * from "./steps/update-credit-package"
export * from "./steps/update-plan"
export * from "./steps/update-subscription"
export * from "./steps/upsert-auto-top-up"
export * from "./steps/validate-credit-pack-variant"
export * from "./steps/validate-invoiced-subscription"
export * from "./steps/validate-subscription-checkout"
export * from "./steps/validate-top-up-package"
export { packagePrice } from "./credit-package-price"
export { retrieveSubscription } from "./subscription-credits"
// Kept exported from `medusa-ai-credits/workflows`, where they were before they moved into the billing module.
export {
  addMonth,
  AUTO_TOP_UP_BURST,
  backoffAfter,
  PLAN_CREDITS_GRACE_MS,
  PLAN_GRANT_PRIORITY,
  ROLLOVER_GRANT_PRIORITY,
  toMinorUnits,
  type AutoTopUpTrigger,
  type SubscriptionWithPlan,
} from "../../modules/ai-credits-billing"
