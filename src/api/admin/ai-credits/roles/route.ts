import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { adminRolesOf, usesMedusaRbac } from "../../../../workflows/governance"

/**
 * Where admin roles come from (`rbac`: Medusa's RBAC module, the `rbac` feature flag being on;
 * `plugin`: this plugin's assignments) and the calling admin user's roles.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({
    source: usesMedusaRbac(req.scope) ? "rbac" : "plugin",
    my_roles: await adminRolesOf(req.scope, req.auth_context.actor_id),
  })
}
