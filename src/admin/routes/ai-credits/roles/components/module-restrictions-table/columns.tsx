import { Badge, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import type { ModuleAccess } from "../../../../../lib/governance-api"

const column = createDataTableColumnHelper<ModuleAccess>()

/** Which roles may use a module, or run bulk jobs through it. */
export function useModuleRestrictionColumns(moduleName: (id: string) => string) {
  return useMemo(
    () => [
      column.accessor("module", { header: "Module", cell: ({ getValue }) => moduleName(getValue()) }),
      column.accessor("scope", {
        header: "What",
        cell: ({ getValue }) => (getValue() === "bulk_jobs" ? "Bulk jobs" : "AI requests"),
      }),
      column.accessor("roles", {
        header: "Roles allowed",
        cell: ({ getValue }) => (
          <div className="flex flex-wrap gap-1">
            {getValue().map((role) => (
              <Badge key={role} size="2xsmall">
                {role}
              </Badge>
            ))}
          </div>
        ),
      }),
    ],
    [moduleName]
  )
}
