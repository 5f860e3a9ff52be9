import { ListTable } from "../../../../../components/list-table"
import type { EmptyStateProps } from "../../../../../components/states"
import { useAiModules } from "../../../../../hooks/api/modules"
import { useModuleAccess } from "../../../../../hooks/api/roles"
import { useModuleRestrictionColumns } from "./columns"

const EMPTY_STATE: EmptyStateProps = {
  title: "Every module is open to every admin user",
  description: "Restrict e.g. bulk content jobs to ai_manager.",
}

/** The modules restricted to roles. */
export const ModuleRestrictionsTable = () => {
  const { moduleName } = useAiModules()
  const access = useModuleAccess()
  const columns = useModuleRestrictionColumns(moduleName)
  return <ListTable rows={access.data?.module_access ?? []} columns={columns} query={access} empty={EMPTY_STATE} />
}
