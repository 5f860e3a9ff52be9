import { model } from "@medusajs/framework/utils"
import { CREDIT_PACKAGE_FILLS, CREDIT_PACKAGE_KINDS, GRANT_PRIORITY } from "../types"

/**
 * Makes a product variant a credit package: buying it grants `credits` to the wallet it fills.
 * Linked to the variant with defineLink; offered in upgrade prompts while `is_active`.
 */
const CreditPackage = model
  .define("ai_credit_package", {
    id: model.id({ prefix: "aipkg" }).primaryKey(),
    title: model.text(),
    credits: model.number(),
    kind: model.enum([...CREDIT_PACKAGE_KINDS]).default("prepaid"),
    validity_days: model.number().nullable(),
    fills: model.enum([...CREDIT_PACKAGE_FILLS]).default("buyer"),
    modules: model.array().nullable(),
    is_active: model.boolean().default(true),
    rank: model.number().default(0),
    /** The priority of the grants a purchase makes: lower is spent first. */
    priority: model.number().default(GRANT_PRIORITY.default),
    metadata: model.json().nullable(),
  })

export default CreditPackage
