import { Sparkles } from "@medusajs/icons"
import { toast } from "@medusajs/ui"
import { CreateButton } from "../../../../../components/list-page"
import { ListTable } from "../../../../../components/list-table"
import type { EmptyStateProps } from "../../../../../components/states"
import { errorMessage } from "../../../../../lib/api"
import { useBulkJobAction, useBulkJobs } from "../../../../../hooks/api/bulk-jobs"
import { useAiModules } from "../../../../../hooks/api/modules"
import { useBulkJobColumns } from "./columns"

const NO_BULK_JOBS: EmptyStateProps = {
  icon: <Sparkles />,
  title: "No bulk jobs yet",
  description: "Generate descriptions for a whole catalog, or index it, as one job: you see the cost before it starts.",
  action: <CreateButton label="New job" variant="primary" />,
}

/** The bulk jobs, refreshed while one runs. */
export const BulkJobsTable = () => {
  const { moduleName } = useAiModules()
  const jobs = useBulkJobs({ limit: 100 })
  const act = useBulkJobAction({
    onSuccess: (_, { action }) => {
      toast.success(action === "cancel" ? "Job canceled" : "Job resumed", {
        description: action === "cancel" ? "Items not yet run are not charged." : "It goes on from the next item.",
      })
    },
    onError: (error) => toast.error("That did not work", { description: errorMessage(error) }),
  })
  const columns = useBulkJobColumns(moduleName, (job, action) => act.mutate({ job, action }))

  return <ListTable rows={jobs.data?.bulk_jobs ?? []} columns={columns} query={jobs} empty={NO_BULK_JOBS} />
}
