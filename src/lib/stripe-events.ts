import type { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type Stripe from "stripe"
import { AI_CREDITS_BILLING_MODULE } from "../modules/ai-credits-billing"
import type AiCreditsBillingModuleService from "../modules/ai-credits-billing/service"
import { subscriptionStatusOf } from "../modules/ai-credits-billing/stripe-status"
import type { SubscriptionRecord } from "../modules/ai-credits-billing/types"
import { changeSubscriptionWorkflow, endSubscriptionWorkflow, openPlanPeriodWorkflow } from "../workflows/plan-subscriptions"

/**
 * What handling an event did: `applied`; `duplicate` (this event id was handled before);
 * `stale` (older than what the subscription already reflects, or the subscription has ended);
 * `ignored` (not about a subscription of ours, or a type we do not use).
 */
export type StripeEventOutcome = "applied" | "duplicate" | "stale" | "ignored"

/** Invoices that pay for a (first or next) period. */
const PERIOD_BILLING_REASONS = new Set(["subscription_create", "subscription_cycle"])

const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : value?.id ?? null)

/** The Stripe subscription an event is about. */
function stripeSubscriptionIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as unknown as Record<string, any>
  if (event.type.startsWith("customer.subscription.")) {
    return object.id
  }
  if (event.type.startsWith("invoice.")) {
    // API versions from 2025 put it under `parent`; older ones on the invoice itself.
    return idOf(object.parent?.subscription_details?.subscription) ?? idOf(object.subscription)
  }
  return null
}

/** An event older than the newest one the subscription reflects changes nothing. */
function isOlder(event: Stripe.Event, subscription: SubscriptionRecord) {
  return Boolean(subscription.last_event_at && event.created * 1000 < new Date(subscription.last_event_at).getTime())
}

/**
 * Handles one verified Stripe event, once per event id, whatever order events arrive in:
 * - `invoice.paid` opens the paid period (unless that period or a later one is open already):
 *   rollover or reset of the last one, the new period's credits; the subscription becomes active;
 * - `invoice.payment_failed` makes it past_due (the plan's fallback applies);
 * - `customer.subscription.updated` syncs the plan (prorated in credits), status and
 *   cancel-at-period-end;
 * - `customer.subscription.deleted` ends it (final).
 * Events of one subscription are handled one at a time (a lock), and an event older than the
 * last one applied changes no status or plan. Everything is idempotent, so an event that fails
 * half-way is safe to retry (Stripe retries on a non-2xx answer).
 */
export async function handleStripeEvent(container: MedusaContainer, event: Stripe.Event): Promise<{ outcome: StripeEventOutcome; subscription_id?: string }> {
  const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
  const locking: ILockingModule = container.resolve(Modules.LOCKING)
  const stripeSubscriptionId = stripeSubscriptionIdOf(event)
  return await locking.execute(
    `ai-credits:stripe:${stripeSubscriptionId ?? event.id}`,
    async () => {
      if (await billing.isStripeEventHandled(event.id)) {
        return { outcome: "duplicate" as const }
      }
      const [subscription] = stripeSubscriptionId
        ? await billing.listAiCreditSubscriptions({ stripe_subscription_id: stripeSubscriptionId }, { take: 1 })
        : []
      const outcome = subscription ? await apply(container, event, subscription as unknown as SubscriptionRecord) : "ignored"
      await billing.recordStripeEvent({
        id: event.id,
        type: event.type,
        created: event.created,
        outcome,
        subscription_id: subscription?.id ?? null,
      })
      return { outcome, subscription_id: subscription?.id }
    },
    { timeout: 30 }
  )
}

async function apply(container: MedusaContainer, event: Stripe.Event, subscription: SubscriptionRecord): Promise<StripeEventOutcome> {
  if (subscription.status === "canceled") {
    return "stale"
  }
  const eventAt = iso(event.created)
  switch (event.type) {
    case "invoice.paid": {
      const invoice = event.data.object
      // Mid-period proration invoices are not a new period: `customer.subscription.updated` prorates.
      if (!PERIOD_BILLING_REASONS.has(invoice.billing_reason ?? "")) {
        return "ignored"
      }
      const line =
        invoice.lines.data.find((l) => l.parent?.subscription_item_details?.proration === false) ?? invoice.lines.data[0]
      const period = line?.period
      if (!period) {
        return "ignored"
      }
      const opened = subscription.current_period_start ? new Date(subscription.current_period_start).getTime() : null
      const isNewPeriod = opened === null || period.start * 1000 > opened
      if (!isNewPeriod) {
        return "stale"
      }
      // A $0 trial invoice opens no paid period: the trial has its own credits.
      if (invoice.amount_paid === 0 && subscription.status === "trialing") {
        return "ignored"
      }
      await openPlanPeriodWorkflow(container).run({
        input: {
          subscription_id: subscription.id,
          period_start: iso(period.start),
          period_end: iso(period.end),
          reference: invoice.id ?? event.id,
          ...(isOlder(event, subscription) ? {} : { status: "active" as const, event_at: eventAt }),
        },
      })
      return "applied"
    }
    case "invoice.payment_failed": {
      if (isOlder(event, subscription)) {
        return "stale"
      }
      await changeSubscriptionWorkflow(container).run({
        input: { subscription_id: subscription.id, status: "past_due", changed_at: eventAt },
      })
      return "applied"
    }
    case "customer.subscription.updated": {
      if (isOlder(event, subscription)) {
        return "stale"
      }
      const object = event.data.object
      const status = subscriptionStatusOf(object.status)
      if (status === "canceled") {
        await endSubscriptionWorkflow(container).run({ input: { subscription_id: subscription.id, ended_at: eventAt } })
        return "applied"
      }
      const priceId = object.items.data[0]?.price?.id
      const billing: AiCreditsBillingModuleService = container.resolve(AI_CREDITS_BILLING_MODULE)
      const [plan] = priceId ? await billing.listAiCreditPlans({ stripe_price_id: priceId }, { take: 1 }) : []
      await changeSubscriptionWorkflow(container).run({
        input: {
          subscription_id: subscription.id,
          plan_id: plan?.id ?? null,
          status,
          cancel_at_period_end: object.cancel_at_period_end,
          changed_at: eventAt,
        },
      })
      return "applied"
    }
    case "customer.subscription.deleted": {
      const ended = event.data.object.ended_at ?? event.created
      await endSubscriptionWorkflow(container).run({
        input: { subscription_id: subscription.id, ended_at: iso(ended), reason: "subscription canceled in Stripe" },
      })
      return "applied"
    }
    default:
      return "ignored"
  }
}
