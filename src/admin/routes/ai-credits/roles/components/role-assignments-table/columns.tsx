import { Badge, Button, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { formatDateTime } from "../../../../../lib/format"
import type { RoleAssignment } from "../../../../../lib/governance-api"

const column = createDataTableColumnHelper<RoleAssignment>()

type Props = { userLabel: (id: string) => string; onRemove: (id: string) => void; removing: string | undefined }

/** Who has which AI role, since when, and a way to take it back. */
export function useRoleAssignmentColumns({ userLabel, onRemove, removing }: Props) {
  return useMemo(
    () => [
      column.accessor("user_id", { header: "User", cell: ({ getValue }) => userLabel(getValue()) }),
      column.accessor("role", { header: "Role", cell: ({ getValue }) => <Badge size="2xsmall">{getValue()}</Badge> }),
      column.accessor("created_at", { header: "Since", cell: ({ getValue }) => formatDateTime(getValue()) }),
      column.display({
        id: "remove",
        cell: ({ row }) => (
          <Button size="small" variant="transparent" isLoading={removing === row.original.id} onClick={() => onRemove(row.original.id)}>
            Remove
          </Button>
        ),
      }),
    ],
    [userLabel, onRemove, removing]
  )
}
