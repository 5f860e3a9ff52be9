import type Stripe from "stripe"
import { subscriptionStatusOf } from "./stripe-status"
import type { SubscriptionDTO, SubscriptionStatus } from "./types"

/**
 * What handling an event did: `applied`; `duplicate` (this event id was handled before);
 * `stale` (older than what the subscription already reflects, or the subscription has ended);
 * `ignored` (not about a subscription of ours, or a type we do not use).
 */
export type StripeEventOutcome = "applied" | "duplicate" | "stale" | "ignored"

/**
 * What a Stripe event does to a subscription (`decideStripeEvent`): the outcome and, when it is
 * `applied`, exactly one of: open a paid period, change the subscription, end it.
 */
export type StripeEventAction = {
  outcome: StripeEventOutcome
  open_period?: {
    subscription_id: string
    period_start: string
    period_end: string
    reference: string
    status?: "active"
    event_at?: string
  }
  change?: {
    subscription_id: string
    plan_id?: string | null
    status: SubscriptionStatus
    cancel_at_period_end?: boolean
    changed_at: string
  }
  end?: { subscription_id: string; ended_at: string; reason?: string }
}

/** Invoices that pay for a (first or next) period. */
const PERIOD_BILLING_REASONS = new Set(["subscription_create", "subscription_cycle"])

const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : value?.id ?? null)

/** The Stripe subscription an event is about. */
export function stripeSubscriptionIdOf(event: Stripe.Event): string | null {
  if (event.type.startsWith("customer.subscription.")) {
    return (event.data.object as Stripe.Subscription).id
  }
  if (event.type.startsWith("invoice.")) {
    // API versions from 2025 put it under `parent`; older ones on the invoice itself.
    const invoice = event.data.object as Stripe.Invoice & { subscription?: string | { id: string } | null }
    return idOf(invoice.parent?.subscription_details?.subscription) ?? idOf(invoice.subscription)
  }
  return null
}

/** The Stripe price a `customer.subscription.updated` event moves the subscription to (its plan is looked up by it). */
export function stripePriceIdOf(event: Stripe.Event): string | null {
  return event.type === "customer.subscription.updated" ? event.data.object.items.data[0]?.price?.id ?? null : null
}

/** An event older than the newest one the subscription reflects changes nothing. */
function isOlder(event: Stripe.Event, subscription: Pick<SubscriptionDTO, "last_event_at">) {
  return Boolean(subscription.last_event_at && event.created * 1000 < new Date(subscription.last_event_at).getTime())
}

/**
 * What one verified Stripe event does to our subscription (null: not one of ours), whatever order
 * events arrive in:
 * - `invoice.paid` opens the paid period (unless that period or a later one is open already):
 *   rollover or reset of the last one, the new period's credits; the subscription becomes active;
 * - `invoice.payment_failed` makes it past_due (the plan's fallback applies);
 * - `customer.subscription.updated` syncs the plan (`new_plan_id`, the plan of the event's
 *   price; prorated in credits), status and cancel-at-period-end;
 * - `customer.subscription.deleted` ends it (final).
 * An event older than the last one applied changes no status or plan.
 */
export function decideStripeEvent(
  event: Stripe.Event,
  subscription: Pick<SubscriptionDTO, "id" | "status" | "last_event_at" | "current_period_start"> | null,
  newPlanId: string | null
): StripeEventAction {
  if (!subscription) {
    return { outcome: "ignored" }
  }
  if (subscription.status === "canceled") {
    return { outcome: "stale" }
  }
  const eventAt = iso(event.created)
  switch (event.type) {
    case "invoice.paid": {
      const invoice = event.data.object
      // Mid-period proration invoices are not a new period: `customer.subscription.updated` prorates.
      if (!PERIOD_BILLING_REASONS.has(invoice.billing_reason ?? "")) {
        return { outcome: "ignored" }
      }
      const line =
        invoice.lines.data.find((l) => l.parent?.subscription_item_details?.proration === false) ?? invoice.lines.data[0]
      const period = line?.period
      if (!period) {
        return { outcome: "ignored" }
      }
      const opened = subscription.current_period_start ? new Date(subscription.current_period_start).getTime() : null
      const isNewPeriod = opened === null || period.start * 1000 > opened
      if (!isNewPeriod) {
        return { outcome: "stale" }
      }
      // A $0 trial invoice opens no paid period: the trial has its own credits.
      if (invoice.amount_paid === 0 && subscription.status === "trialing") {
        return { outcome: "ignored" }
      }
      return {
        outcome: "applied",
        open_period: {
          subscription_id: subscription.id,
          period_start: iso(period.start),
          period_end: iso(period.end),
          reference: invoice.id ?? event.id,
          ...(isOlder(event, subscription) ? {} : { status: "active" as const, event_at: eventAt }),
        },
      }
    }
    case "invoice.payment_failed": {
      if (isOlder(event, subscription)) {
        return { outcome: "stale" }
      }
      return { outcome: "applied", change: { subscription_id: subscription.id, status: "past_due", changed_at: eventAt } }
    }
    case "customer.subscription.updated": {
      if (isOlder(event, subscription)) {
        return { outcome: "stale" }
      }
      const object = event.data.object
      const status = subscriptionStatusOf(object.status)
      if (status === "canceled") {
        return { outcome: "applied", end: { subscription_id: subscription.id, ended_at: eventAt } }
      }
      return {
        outcome: "applied",
        change: {
          subscription_id: subscription.id,
          plan_id: newPlanId,
          status,
          cancel_at_period_end: object.cancel_at_period_end,
          changed_at: eventAt,
        },
      }
    }
    case "customer.subscription.deleted": {
      const ended = event.data.object.ended_at ?? event.created
      return {
        outcome: "applied",
        end: { subscription_id: subscription.id, ended_at: iso(ended), reason: "subscription canceled in Stripe" },
      }
    }
    default:
      return { outcome: "ignored" }
  }
}
