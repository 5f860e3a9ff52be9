import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type Stripe from "stripe"
import { decideStripeEvent, type StripeEventAction } from "../../../modules/ai-credits-billing"
import { loadStripeEventTargetStep } from "../steps/load-stripe-event-target"
import { recordStripeEventStep } from "../steps/record-stripe-event"
import { changeSubscriptionWorkflow } from "./change-subscription"
import { endSubscriptionWorkflow } from "./end-subscription"
import { openPlanPeriodWorkflow } from "./open-plan-period"

export type HandleStripeEventInput = { event: Stripe.Event }

/**
 * Handles one verified Stripe event, once per event id (see `decideStripeEvent` for what each
 * type does). Run it through `handleStripeEvent`, which handles the events of one subscription one
 * at a time (a lock held for the whole run). Every step is
 * idempotent, so an event that fails half-way is safe to retry (Stripe retries on a non-2xx
 * answer); it is recorded as handled only once applied.
 */
export const handleStripeEventWorkflow = createWorkflow("ai-credits-handle-stripe-event", (input: HandleStripeEventInput) => {
  const target = loadStripeEventTargetStep(input)
  const action = transform({ input, target }, ({ input, target }): StripeEventAction =>
    target.handled ? { outcome: "duplicate" } : decideStripeEvent(input.event, target.subscription, target.new_plan_id)
  )

  when("ai-credits-stripe-event-opens-period", { action }, ({ action }) => Boolean(action.open_period)).then(() => {
    openPlanPeriodWorkflow.runAsStep({ input: transform({ action }, ({ action }) => action.open_period!) })
  })
  when("ai-credits-stripe-event-changes-subscription", { action }, ({ action }) => Boolean(action.change)).then(() => {
    changeSubscriptionWorkflow.runAsStep({ input: transform({ action }, ({ action }) => action.change!) })
  })
  when("ai-credits-stripe-event-ends-subscription", { action }, ({ action }) => Boolean(action.end)).then(() => {
    endSubscriptionWorkflow.runAsStep({ input: transform({ action }, ({ action }) => action.end!) })
  })

  when("ai-credits-stripe-event-is-new", { action }, ({ action }) => action.outcome !== "duplicate").then(() => {
    recordStripeEventStep(
      transform({ input, target, action }, ({ input, target, action }) => ({
        id: input.event.id,
        type: input.event.type,
        created: input.event.created,
        outcome: action.outcome,
        subscription_id: target.subscription?.id ?? null,
      }))
    )
  })

  return new WorkflowResponse(
    transform({ target, action }, ({ target, action }) => ({
      outcome: action.outcome,
      subscription_id: target.subscription?.id,
    }))
  )
})
