import { model } from "@medusajs/framework/utils"

/**
 * An AI role given to an admin user by this plugin (e.g. `content_editor`, `ai_manager`). Used
 * when Medusa's RBAC module is off; with the `rbac` feature flag on, RBAC's own roles count.
 */
const RoleAssignment = model
  .define("ai_credit_role_assignment", {
    id: model.id({ prefix: "airole" }).primaryKey(),
    user_id: model.text(),
    role: model.text(),
    assigned_by: model.text().nullable(),
  })
  .indexes([{ on: ["user_id", "role"], unique: true, where: "deleted_at IS NULL" }])

export default RoleAssignment
