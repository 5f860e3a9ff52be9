import { model } from "@medusajs/framework/utils"

/**
 * The AI use of each cart that had any: the ROI report's "carts that used AI" without scanning
 * usage events. One row per cart.
 */
const CartUsage = model
  .define("ai_credit_cart_usage", {
    id: model.id({ prefix: "aicu" }).primaryKey(),
    cart_id: model.text(),
    customer_id: model.text().nullable(),
    first_used_at: model.dateTime(),
    last_used_at: model.dateTime(),
    requests: model.number().default(0),
    credits: model.bigNumber().default(0),
    refunded_credits: model.bigNumber().default(0),
  })
  .indexes([{ on: ["cart_id"], unique: true }, { on: ["first_used_at"] }])

export default CartUsage
