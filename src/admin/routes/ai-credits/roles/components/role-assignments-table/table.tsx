import { Users } from "@medusajs/icons"
import { toast } from "@medusajs/ui"
import type { UseQueryResult } from "@tanstack/react-query"
import { ListTable } from "../../../../../components/list-table"
import type { EmptyStateProps } from "../../../../../components/states"
import { errorMessage } from "../../../../../lib/api"
import { useAdminUsers, useUnassignRole } from "../../../../../hooks/api/roles"
import type { RoleAssignment } from "../../../../../lib/governance-api"
import { useRoleAssignmentColumns } from "./columns"

type Props = { assignments: UseQueryResult<{ role_assignments: RoleAssignment[] }> }

const EMPTY_STATE: EmptyStateProps = {
  icon: <Users />,
  title: "No roles assigned",
  description: "Give admin users roles such as content_editor or ai_manager, then use them in quota rules and module restrictions.",
}

/** The plugin's own role assignments (without Medusa's RBAC module). */
export const RoleAssignmentsTable = ({ assignments }: Props) => {
  const { label } = useAdminUsers()
  const remove = useUnassignRole({
    onSuccess: () => {
      toast.success("Role removed")
    },
    onError: (error) => toast.error("Could not remove the role", { description: errorMessage(error) }),
  })
  const columns = useRoleAssignmentColumns({
    userLabel: label,
    onRemove: remove.mutate,
    removing: remove.isPending ? remove.variables : undefined,
  })
  return (
    <ListTable
      rows={assignments.data?.role_assignments ?? []}
      columns={columns}
      query={assignments}
      empty={EMPTY_STATE}
    />
  )
}
