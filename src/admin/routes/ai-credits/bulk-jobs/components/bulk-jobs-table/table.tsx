import { Sparkles } from "@medusajs/icons"
import { Button, toast } from "@medusajs/ui"
import { useNavigate } from "react-router-dom"
import { ListTable } from "../../../../../components/list-table"
import { errorMessage } from "../../../../../lib/api"
import { useBulkJobAction, useBulkJobs } from "../../../../../hooks/api/bulk-jobs"
import { useAiModules } from "../../../../../hooks/api/modules"
import { useBulkJobColumns } from "./columns"

/** The bulk jobs, refreshed while one runs. */
export const BulkJobsTable = () => {
  const navigate = useNavigate()
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

  return (
    <ListTable
      rows={jobs.data?.bulk_jobs ?? []}
      columns={columns}
      query={jobs}
      empty={{
        icon: <Sparkles />,
        title: "No bulk jobs yet",
        description: "Generate descriptions for a whole catalog, or index it, as one job: you see the cost before it starts.",
        action: (
          <Button size="small" onClick={() => navigate("create")}>
            New job
          </Button>
        ),
      }}
    />
  )
}
