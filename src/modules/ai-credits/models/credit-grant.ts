import { model } from "@medusajs/framework/utils"
import { COST_BASES, GRANT_SOURCES, GRANT_STATUSES } from "../types"
import CreditWallet from "./credit-wallet"

/**
 * Credits that came into a wallet together: a pack, a month of plan credits, a trial, an adjustment.
 * Spending burns `remaining` in a fixed order (see the ledger functions); `amount` never changes.
 */
const CreditGrant = model
  .define("ai_credit_grant", {
    id: model.id({ prefix: "aigr" }).primaryKey(),
    wallet: model.belongsTo(() => CreditWallet, { mappedBy: "grants" }),
    source: model.enum([...GRANT_SOURCES]),
    status: model.enum(["pending", ...GRANT_STATUSES]).default("active"),
    amount: model.number(),
    remaining: model.number(),
    /** Lower burns first, as with Stripe credit grants. */
    priority: model.number().default(50),
    effective_at: model.dateTime(),
    expires_at: model.dateTime().nullable(),
    /** When set, only these AI modules may spend the grant (an SEO add-on pack). */
    modules: model.array().nullable(),
    cost_basis: model.enum([...COST_BASES]).default("paid"),
    /** What one credit cost the buyer, in `currency_code`, for revenue and ROI. */
    unit_price: model.bigNumber().nullable(),
    currency_code: model.text().nullable(),
    reference_type: model.text().nullable(),
    reference_id: model.text().nullable(),
    /** For credits allocated out of a pool: the pool grant they came from. */
    parent_grant_id: model.text().nullable(),
    idempotency_key: model.text(),
    request_hash: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["wallet_id", "idempotency_key"], unique: true },
    { on: ["wallet_id", "status"], where: "deleted_at IS NULL" },
    { on: ["reference_type", "reference_id"], where: "reference_id IS NOT NULL" },
  ])

export default CreditGrant
