import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import type Stripe from "stripe"

/**
 * The fields of a Stripe event the plugin reads, checked after the signature: a signed body is
 * Stripe's, but a malformed one (or one from a test tool holding the secret) must get a 400 and
 * change nothing, not a TypeError or a database error (a 500 that Stripe would retry for days).
 * Everything else Stripe sends passes through untouched.
 */
const stripeId = z.string().regex(/^[A-Za-z0-9_]{1,255}$/, "must be a Stripe id")
/** Unix seconds up to the year 9999 (a Date can show them). */
const seconds = z.number().int().nonnegative().max(253_402_300_799)
const reference = z.union([stripeId, z.object({ id: stripeId }).passthrough(), z.null()]).optional()

const envelope = z
  .object({
    id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/, "must be a Stripe event id (evt_...)"),
    type: z.string().regex(/^[a-z0-9_.]{1,128}$/, "must be a Stripe event type"),
    created: seconds,
    data: z.object({ object: z.record(z.string(), z.unknown()) }).passthrough(),
  })
  .passthrough()

const invoice = z
  .object({
    id: stripeId.optional(),
    amount_paid: z.number().int().nonnegative().optional(),
    subscription: reference,
    parent: z
      .object({ subscription_details: z.object({ subscription: reference }).passthrough().nullable().optional() })
      .passthrough()
      .nullable()
      .optional(),
  })
  .passthrough()

const paidInvoice = invoice.extend({
  lines: z
    .object({
      data: z.array(z.object({ period: z.object({ start: seconds, end: seconds }).passthrough().optional() }).passthrough()),
    })
    .passthrough(),
})

const subscription = z.object({ id: stripeId }).passthrough()

const updatedSubscription = subscription.extend({
  status: z.enum(["incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused"]),
  items: z.object({ data: z.array(z.object({ price: z.object({ id: stripeId }).passthrough().nullable().optional() }).passthrough()) }).passthrough(),
  cancel_at_period_end: z.boolean(),
})

const deletedSubscription = subscription.extend({ ended_at: seconds.nullable().optional() })

function objectSchemaOf(type: string) {
  if (type === "invoice.paid") {
    return paidInvoice
  }
  if (type.startsWith("invoice.")) {
    return invoice
  }
  if (type === "customer.subscription.updated") {
    return updatedSubscription
  }
  if (type === "customer.subscription.deleted") {
    return deletedSubscription
  }
  if (type.startsWith("customer.subscription.")) {
    return subscription
  }
  return null
}

/** The event, when it has the shape the plugin reads; a 400 naming the first wrong field otherwise. */
export function checkStripeEventShape(event: unknown): Stripe.Event {
  const parsed = envelope.safeParse(event)
  const objectSchema = parsed.success ? objectSchemaOf(parsed.data.type) : null
  const object = objectSchema && parsed.success ? objectSchema.safeParse(parsed.data.data.object) : null
  const issue = !parsed.success ? parsed.error.issues[0] : object && !object.success ? object.error.issues[0] : null
  if (issue) {
    const where = parsed.success ? ["data", "object", ...issue.path] : issue.path
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid Stripe event: ${where.join(".") || "event"}: ${issue.message}`)
  }
  return event as Stripe.Event
}
