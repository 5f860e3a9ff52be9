import { model } from "@medusajs/framework/utils"

/** A Stripe webhook event handled once: its id is the primary key, so a replay finds it. */
const StripeEvent = model.define("ai_credit_stripe_event", {
  id: model.id().primaryKey(),
  type: model.text(),
  /** When Stripe created the event. */
  stripe_created_at: model.dateTime(),
  /** What handling it did (`applied`, `stale`, `ignored`), for support. */
  outcome: model.text(),
  subscription_id: model.text().nullable(),
})

export default StripeEvent
