import { Module } from "@medusajs/framework/utils"
import AiCreditsBillingModuleService from "./service"

export const AI_CREDITS_BILLING_MODULE = "ai_credits_billing"

/**
 * Subscriptions and automatic purchases of AI credits: plans, customers' subscriptions (Stripe
 * Subscriptions or invoiced contracts), the Stripe events already handled, trial claims and auto
 * top-up. Credits themselves only move through the `ai_credits` module.
 */
export default Module(AI_CREDITS_BILLING_MODULE, {
  service: AiCreditsBillingModuleService,
})

export { AiCreditsBillingModuleService }
export * from "./types"
export * from "./billing-rules"
export * from "./decimals"
export * from "./stripe-events"
export { subscriptionStatusOf } from "./stripe-status"
