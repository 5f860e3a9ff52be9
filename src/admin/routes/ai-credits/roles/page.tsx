import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container, Text } from "@medusajs/ui"
import { Outlet, useNavigate } from "react-router-dom"
import { ErrorState, LoadingRows, SectionHeader } from "../../../components/states"
import { useRoleAssignments } from "../../../hooks/api/roles"
import { ModuleRestrictionsTable } from "./components/module-restrictions-table/table"
import { RoleAssignmentsTable } from "./components/role-assignments-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const RolesPage = () => {
  const navigate = useNavigate()
  const assignments = useRoleAssignments()
  const fromRbac = assignments.data?.source === "rbac"
  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <SectionHeader
          level="h1"
          title="AI roles"
          description={
            fromRbac
              ? "Roles come from Medusa's RBAC module (Settings → Roles): quota rules and restrictions match their names."
              : "Roles of admin users for AI quotas and module restrictions (Medusa's RBAC feature flag is off)."
          }
          actions={
            fromRbac ? null : (
              <Button size="small" variant="secondary" onClick={() => navigate("assign")}>
                Assign role
              </Button>
            )
          }
        />
        {/* Until the source is known, the page cannot tell whether it lists the plugin's own roles. */}
        {assignments.isLoading ? (
          <LoadingRows rows={3} />
        ) : assignments.isError ? (
          <ErrorState error={assignments.error} onRetry={() => void assignments.refetch()} />
        ) : fromRbac ? null : (
          <RoleAssignmentsTable assignments={assignments} />
        )}
      </Container>
      <Container className="divide-y p-0">
        <SectionHeader
          title="Module restrictions"
          description="Which roles may use a module, or run bulk jobs through it."
          actions={
            <Button size="small" variant="secondary" onClick={() => navigate("restrict")}>
              Restrict a module
            </Button>
          }
        />
        <ModuleRestrictionsTable />
        <Text size="xsmall" className="text-ui-fg-muted px-6 py-3">
          Quota rules can also target a role (e.g. content_editor: 500 credits a day): pick it under Quota rules → Create rule.
        </Text>
      </Container>
      <Outlet />
    </div>
  )
}

export const config = defineRouteConfig({ label: "AI roles", rank: 8 })

export const handle = breadcrumbHandle(config.label)

export default RolesPage
