import { model } from "@medusajs/framework/utils"
import { WALLET_OWNER_TYPES } from "../types"
import CreditGrant from "./credit-grant"
import CreditLedgerEntry from "./credit-ledger-entry"
import CreditReservation from "./credit-reservation"
import CreditPoolMember from "./credit-pool-member"

/**
 * One wallet per owner. `balance`, `reserved` and `overage_used` are counters kept exact by the
 * ledger functions under a row lock; the ledger is the history that always sums to them.
 */
const CreditWallet = model
  .define("ai_credit_wallet", {
    id: model.id({ prefix: "aiwal" }).primaryKey(),
    owner_type: model.enum([...WALLET_OWNER_TYPES]),
    owner_id: model.text(),
    name: model.text().nullable(),
    balance: model.number().default(0),
    reserved: model.number().default(0),
    overage_limit: model.number().default(0),
    overage_used: model.number().default(0),
    max_hold_credits: model.number().nullable(),
    has_restricted_grants: model.boolean().default(false),
    /** Budget: the most this wallet may spend in a calendar month (store time zone), and what then. */
    monthly_spend_cap: model.number().nullable(),
    monthly_cap_action: model.enum(["block", "notify"]).default("block"),
    month_start: model.dateTime().nullable(),
    month_spent: model.number().default(0),
    /** Budget in money: the most the providers may charge for its requests in a month (rate-card currency). */
    monthly_cost_cap: model.bigNumber().nullable(),
    month_cost: model.bigNumber().default(0),
    /** Alert when this month's spending crosses these percentages of the monthly cap. */
    alert_thresholds: model.json().nullable(),
    /** Alert when the balance drops below this many credits. */
    low_balance_threshold: model.number().nullable(),
    /** Earliest moment a grant starts or expires or a hold times out: the ledger settles it then. */
    next_event_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
    grants: model.hasMany(() => CreditGrant, { mappedBy: "wallet" }),
    ledger_entries: model.hasMany(() => CreditLedgerEntry, { mappedBy: "wallet" }),
    reservations: model.hasMany(() => CreditReservation, { mappedBy: "wallet" }),
    pool_members: model.hasMany(() => CreditPoolMember, { mappedBy: "pool" }),
  })
  .indexes([
    { on: ["owner_type", "owner_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["next_event_at"], where: "next_event_at IS NOT NULL AND deleted_at IS NULL" },
  ])

export default CreditWallet
