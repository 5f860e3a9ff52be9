import { model } from "@medusajs/framework/utils"
import { MODULE_ACCESS_SCOPES } from "../../../client/enums"

/**
 * Restricts an AI module to admin users with one of `roles`: for its requests (`requests`) or for
 * bulk jobs run through it (`bulk_jobs`). A module without a row is open to every admin user.
 */
const ModuleAccess = model
  .define("ai_credit_module_access", {
    id: model.id({ prefix: "aimacc" }).primaryKey(),
    module: model.text(),
    scope: model.enum([...MODULE_ACCESS_SCOPES]),
    roles: model.array(),
  })
  .indexes([{ on: ["module", "scope"], unique: true, where: "deleted_at IS NULL" }])

export default ModuleAccess
