import { model } from "@medusajs/framework/utils"
import { ACTOR_TYPES, LEDGER_ENTRY_TYPES } from "../types"
import CreditWallet from "./credit-wallet"

/**
 * Append-only (a database trigger refuses updates and deletes). `amount` is the change of the
 * balance and `reserved_delta` the change of the held credits, so both counters are sums of entries.
 */
const CreditLedgerEntry = model
  .define("ai_credit_ledger_entry", {
    id: model.id({ prefix: "aile" }).primaryKey(),
    wallet: model.belongsTo(() => CreditWallet, { mappedBy: "ledger_entries" }),
    type: model.enum([...LEDGER_ENTRY_TYPES]),
    amount: model.number(),
    reserved_delta: model.number().default(0),
    balance_after: model.number(),
    reserved_after: model.number(),
    /** Which grants paid (or received) the amount: `[{ grant_id, amount }]`. */
    grants: model.json().nullable(),
    grant_id: model.text().nullable(),
    reservation_id: model.text().nullable(),
    related_wallet_id: model.text().nullable(),
    module: model.text().nullable(),
    actor_type: model.enum([...ACTOR_TYPES]),
    actor_id: model.text().nullable(),
    reason: model.text(),
    idempotency_key: model.text(),
    request_hash: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["wallet_id", "idempotency_key"], unique: true },
    { on: ["wallet_id", "created_at"] },
  ])

export default CreditLedgerEntry
