import { model } from "@medusajs/framework/utils"
import CreditWallet from "./credit-wallet"

/** A sales channel that draws on a pool, with the most the pool may allocate to it. */
const CreditPoolMember = model
  .define("ai_credit_pool_member", {
    id: model.id({ prefix: "aipm" }).primaryKey(),
    pool: model.belongsTo(() => CreditWallet, { mappedBy: "pool_members" }),
    sales_channel_id: model.text(),
    allocation_cap: model.number().nullable(),
    allocated: model.number().default(0),
  })
  .indexes([{ on: ["pool_id", "sales_channel_id"], unique: true, where: "deleted_at IS NULL" }])

export default CreditPoolMember
