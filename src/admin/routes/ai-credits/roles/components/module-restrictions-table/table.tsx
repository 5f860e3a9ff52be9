import { ListTable } from "../../../../../components/list-table"
import { useAiModules } from "../../../../../hooks/api/modules"
import { useModuleAccess } from "../../../../../hooks/api/roles"
import { useModuleRestrictionColumns } from "./columns"

/** The modules restricted to roles. */
export const ModuleRestrictionsTable = () => {
  const { moduleName } = useAiModules()
  const access = useModuleAccess()
  const columns = useModuleRestrictionColumns(moduleName)
  return (
    <ListTable
      rows={access.data?.module_access ?? []}
      columns={columns}
      query={access}
      empty={{
        title: "Every module is open to every admin user",
        description: "Restrict e.g. bulk content jobs to ai_manager.",
      }}
    />
  )
}
