import { model } from "@medusajs/framework/utils"
import { WALLET_OWNER_TYPES } from "../../../client/enums"

/**
 * A server API key (`aic_sk_…`) of a merchant's backend or an integration: only the sha256 of
 * its secret is stored. It spends one wallet owner's credits, within its modules, models, rate
 * limit and monthly credit limit, from one storefront when `sales_channel_id` is set.
 */
const ServerApiKey = model
  .define("ai_credit_server_api_key", {
    id: model.id({ prefix: "aisk" }).primaryKey(),
    name: model.text(),
    /** The first characters of the key, to tell keys apart in lists. */
    token_prefix: model.text(),
    token_hash: model.text(),
    owner_type: model.enum([...WALLET_OWNER_TYPES]),
    owner_id: model.text(),
    sales_channel_id: model.text().nullable(),
    /** Empty: every module (or model of the module) is allowed. */
    allowed_modules: model.array(),
    allowed_models: model.array(),
    rate_limit_per_minute: model.number().nullable(),
    monthly_credit_limit: model.number().nullable(),
    expires_at: model.dateTime().nullable(),
    revoked_at: model.dateTime().nullable(),
    last_used_at: model.dateTime().nullable(),
    created_by: model.text().nullable(),
  })
  .indexes([{ on: ["token_hash"], unique: true, where: "deleted_at IS NULL" }])

export default ServerApiKey
