import { model } from "@medusajs/framework/utils"
import { ACTOR_TYPES, RESERVATION_STATUSES } from "../types"
import CreditWallet from "./credit-wallet"

/** A hold for an in-flight AI request: authorized, then captured, released or expired. */
const CreditReservation = model
  .define("ai_credit_reservation", {
    id: model.id({ prefix: "aires" }).primaryKey(),
    wallet: model.belongsTo(() => CreditWallet, { mappedBy: "reservations" }),
    status: model.enum([...RESERVATION_STATUSES]).default("held"),
    amount: model.number(),
    /** What the request really cost, and what of it the wallet could pay. */
    requested_amount: model.number().nullable(),
    captured_amount: model.number().nullable(),
    module: model.text().nullable(),
    provider: model.text().nullable(),
    model: model.text().nullable(),
    price_id: model.text().nullable(),
    /** Who asked and where, copied onto the usage event at capture. */
    context: model.json().nullable(),
    usage_event_id: model.text().nullable(),
    expires_at: model.dateTime(),
    closed_at: model.dateTime().nullable(),
    grants: model.json().nullable(),
    actor_type: model.enum([...ACTOR_TYPES]),
    actor_id: model.text().nullable(),
    idempotency_key: model.text(),
    request_hash: model.text().nullable(),
    capture_hash: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["wallet_id", "idempotency_key"], unique: true },
    { on: ["wallet_id", "expires_at"], where: "status = 'held'" },
  ])

export default CreditReservation
