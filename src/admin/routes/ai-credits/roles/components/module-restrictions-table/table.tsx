import { useQuery } from "@tanstack/react-query"
import { ListTable } from "../../../../../components/list-table"
import { EmptyState } from "../../../../../components/states"
import { governanceApi, governanceKeys } from "../../../../../lib/governance-api"
import { useAiModules } from "../../../../../lib/hooks"
import { useModuleRestrictionColumns } from "./columns"

/** The modules restricted to roles. */
export const ModuleRestrictionsTable = () => {
  const { moduleName } = useAiModules()
  const access = useQuery({ queryKey: governanceKeys.moduleAccess, queryFn: () => governanceApi.listModuleAccess() })
  const columns = useModuleRestrictionColumns(moduleName)
  return (
    <ListTable
      rows={access.data?.module_access ?? []}
      columns={columns}
      isLoading={access.isLoading}
      error={access.error}
      onRetry={() => void access.refetch()}
      empty={
        <EmptyState title="Every module is open to every admin user" description="Restrict e.g. bulk content jobs to ai_manager." />
      }
    />
  )
}
