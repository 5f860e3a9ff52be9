import { Sparkles } from "@medusajs/icons"
import { Button, toast } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useNavigate } from "react-router-dom"
import { ListTable } from "../../../../../components/list-table"
import { EmptyState } from "../../../../../components/states"
import { errorMessage } from "../../../../../lib/api"
import { governanceApi, governanceKeys, type BulkJob } from "../../../../../lib/governance-api"
import { useAiModules } from "../../../../../lib/hooks"
import { useBulkJobColumns, type BulkJobAction } from "./columns"

/** The bulk jobs, refreshed while one runs. */
export const BulkJobsTable = () => {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const { moduleName } = useAiModules()
  const jobs = useQuery({
    queryKey: governanceKeys.bulkJobs("all"),
    queryFn: () => governanceApi.listBulkJobs({ limit: 100 }),
    placeholderData: keepPreviousData,
    // Progress moves while jobs run.
    refetchInterval: (query) =>
      query.state.data?.bulk_jobs.some((j) => j.status === "running" || j.status === "queued") ? 3_000 : false,
  })
  const act = useMutation({
    mutationFn: ({ job, action }: { job: BulkJob; action: BulkJobAction }) =>
      action === "cancel" ? governanceApi.cancelBulkJob(job.id) : governanceApi.resumeBulkJob(job.id),
    onSuccess: (_, { action }) => {
      toast.success(action === "cancel" ? "Job canceled" : "Job resumed", {
        description: action === "cancel" ? "Items not yet run are not charged." : "It goes on from the next item.",
      })
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
    },
    onError: (error) => toast.error("That did not work", { description: errorMessage(error) }),
  })
  const columns = useBulkJobColumns(moduleName, (job, action) => act.mutate({ job, action }))

  return (
    <ListTable
      rows={jobs.data?.bulk_jobs ?? []}
      columns={columns}
      isLoading={jobs.isLoading}
      error={jobs.error}
      onRetry={() => void jobs.refetch()}
      empty={
        <EmptyState
          icon={<Sparkles />}
          title="No bulk jobs yet"
          description="Generate descriptions for a whole catalog, or index it, as one job: you see the cost before it starts."
          action={
            <Button size="small" onClick={() => navigate("create")}>
              New job
            </Button>
          }
        />
      }
    />
  )
}
