import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Sparkles } from "@medusajs/icons"
import { Button, Container, Input, Select, StatusBadge, Table, Text, Textarea, toast } from "@medusajs/ui"
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { Field, FormDrawer } from "../../../components/form"
import { EmptyState, ErrorState, LoadingRows, SectionHeader } from "../../../components/states"
import { errorMessage } from "../../../lib/api"
import { formatCredits, formatDateTime, humanize } from "../../../lib/format"
import {
  governanceApi,
  governanceKeys,
  type BulkItemInput,
  type BulkJob,
  type BulkJobQuote,
  type BulkJobStatus,
} from "../../../lib/governance-api"
import { useAiModules } from "../../../lib/hooks"

const STATUS_COLOR: Record<BulkJobStatus, "grey" | "blue" | "orange" | "green" | "red"> = {
  queued: "grey",
  running: "blue",
  paused_insufficient_credits: "orange",
  completed: "green",
  canceled: "grey",
  failed: "red",
}

/** One prompt a line; an optional reference (e.g. a product id) before a tab or " | ". */
function parseItems(text: string): BulkItemInput[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [first, ...rest] = line.split(/\t| \| /)
      return rest.length ? { reference: first.trim(), prompt: rest.join(" ").trim() } : { prompt: line }
    })
}

/** A new job: its items, a quote (items × estimated credits) and then the submit. */
const NewJobDrawer = ({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) => {
  const queryClient = useQueryClient()
  const { modules, moduleName } = useAiModules()
  const [name, setName] = useState("")
  const [module, setModule] = useState<string>()
  const [text, setText] = useState("")
  const [batchSize, setBatchSize] = useState("")
  const [perHour, setPerHour] = useState("")
  const [quote, setQuote] = useState<BulkJobQuote | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  useEffect(() => {
    if (open) {
      setName("")
      setModule(undefined)
      setText("")
      setBatchSize("")
      setPerHour("")
      setQuote(null)
      setErrors({})
    }
  }, [open])
  useEffect(() => setQuote(null), [module, text])

  const items = parseItems(text)
  const validate = () => {
    const found: Record<string, string> = {}
    if (!module) found.module = "Pick the AI module that runs the items."
    if (!items.length) found.items = "At least one prompt, one a line."
    if (items.length > 10_000) found.items = "At most 10,000 items per job."
    if (quote && !name.trim()) found.name = "Give the job a name you will recognise."
    for (const [key, value] of [["batch", batchSize], ["per_hour", perHour]] as const) {
      if (value.trim() && (!Number.isInteger(Number(value)) || Number(value) < 1)) found[key] = "A whole number above zero."
    }
    setErrors(found)
    return !Object.keys(found).length
  }
  const quoting = useMutation({
    mutationFn: () => governanceApi.quoteBulkJob({ module: module!, items }),
    onSuccess: ({ quote }) => setQuote(quote),
    onError: (error) => toast.error("Could not quote the job", { description: errorMessage(error) }),
  })
  const submitting = useMutation({
    mutationFn: () =>
      governanceApi.submitBulkJob({
        name: name.trim(),
        module: module!,
        items,
        batch_size: batchSize.trim() ? Number(batchSize) : undefined,
        items_per_hour: perHour.trim() ? Number(perHour) : undefined,
      }),
    onSuccess: ({ bulk_job }) => {
      toast.success("Job submitted", { description: `${bulk_job.progress.total} items are queued.` })
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
      onOpenChange(false)
    },
    onError: (error) => toast.error("Could not submit the job", { description: errorMessage(error) }),
  })
  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="New bulk job"
      description="Mass content, indexing or embeddings, run in batches that hold their credits first."
      submitLabel={quote ? `Submit for about ${formatCredits(quote.estimated_credits)} credits` : "Get a quote"}
      isPending={quoting.isPending || submitting.isPending}
      onSubmit={() => validate() && (quote ? submitting.mutate() : quoting.mutate())}
    >
      <Field id="job-module" label="AI module" error={errors.module}>
        <Select value={module} onValueChange={setModule}>
          <Select.Trigger id="job-module">
            <Select.Value placeholder="Choose a module" />
          </Select.Trigger>
          <Select.Content>
            {modules
              .filter((m) => m.enabled)
              .map((m) => (
                <Select.Item key={m.id} value={m.id}>
                  {moduleName(m.id)}
                </Select.Item>
              ))}
          </Select.Content>
        </Select>
      </Field>
      <Field
        id="job-items"
        label="Items"
        error={errors.items}
        hint={`${items.length} item(s). One prompt a line; put a reference first with " | " (e.g. prod_123 | Describe…).`}
      >
        <Textarea id="job-items" rows={8} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field id="job-batch" label="Batch size" optional error={errors.batch}>
          <Input id="job-batch" type="number" min={1} value={batchSize} onChange={(e) => setBatchSize(e.target.value)} />
        </Field>
        <Field id="job-rate" label="Items per hour" optional error={errors.per_hour}>
          <Input id="job-rate" type="number" min={1} value={perHour} onChange={(e) => setPerHour(e.target.value)} />
        </Field>
      </div>
      {quote ? (
        <div className="bg-ui-bg-subtle shadow-borders-base flex flex-col gap-y-1 rounded-lg p-4">
          <Text size="small" weight="plus">
            About {formatCredits(quote.estimated_credits)} credits
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {formatCredits(quote.items)} items × up to {formatCredits(quote.estimated_credits_per_item)} credits on{" "}
            {quote.model}. You are charged what each item really uses. The module runs {quote.pace.concurrency} job(s) at
            a time, {formatCredits(quote.pace.items_per_hour)} items an hour.
          </Text>
        </div>
      ) : null}
      {quote ? (
        <Field id="job-name" label="Name" error={errors.name}>
          <Input id="job-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="SEO descriptions, spring catalog" />
        </Field>
      ) : null}
    </FormDrawer>
  )
}

const Progress = ({ job }: { job: BulkJob }) => (
  <div className="flex min-w-40 flex-col gap-y-1">
    <div
      className="bg-ui-bg-component h-1.5 w-full overflow-hidden rounded-full"
      role="progressbar"
      aria-valuenow={job.progress.percent}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className="bg-ui-fg-interactive h-full" style={{ width: `${job.progress.percent}%` }} />
    </div>
    <Text size="xsmall" className="text-ui-fg-subtle tabular-nums">
      {formatCredits(job.progress.done)} of {formatCredits(job.progress.total)} done
      {job.progress.failed ? ` · ${formatCredits(job.progress.failed)} failed` : ""}
    </Text>
  </div>
)

const BulkJobsPage = () => {
  const queryClient = useQueryClient()
  const { moduleName } = useAiModules()
  const [creating, setCreating] = useState(false)
  const jobs = useQuery({
    queryKey: governanceKeys.bulkJobs("all"),
    queryFn: () => governanceApi.listBulkJobs({ limit: 100 }),
    placeholderData: keepPreviousData,
    // Progress moves while jobs run.
    refetchInterval: (query) =>
      query.state.data?.bulk_jobs.some((j) => j.status === "running" || j.status === "queued") ? 3_000 : false,
  })
  const act = useMutation({
    mutationFn: ({ job, action }: { job: BulkJob; action: "cancel" | "resume" }) =>
      action === "cancel" ? governanceApi.cancelBulkJob(job.id) : governanceApi.resumeBulkJob(job.id),
    onSuccess: ({ bulk_job }, { action }) => {
      toast.success(action === "cancel" ? "Job canceled" : "Job resumed", {
        description: action === "cancel" ? "Items not yet run are not charged." : "It goes on from the next item.",
      })
      void queryClient.invalidateQueries({ queryKey: governanceKeys.all })
      return bulk_job
    },
    onError: (error) => toast.error("That did not work", { description: errorMessage(error) }),
  })
  const rows = jobs.data?.bulk_jobs ?? []
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="Bulk jobs"
        description="Bulk AI work with a quote first, a pace per module, and batches that stop cleanly when credits run out."
        actions={
          <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
            New job
          </Button>
        }
      />
      {jobs.isLoading ? (
        <LoadingRows />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<Sparkles />}
          title="No bulk jobs yet"
          description="Generate descriptions for a whole catalog, or index it, as one job: you see the cost before it starts."
          action={
            <Button size="small" onClick={() => setCreating(true)}>
              New job
            </Button>
          }
        />
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Job</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Progress</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Credits</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((job) => (
                <Table.Row key={job.id}>
                  <Table.Cell>
                    <div className="flex flex-col py-1">
                      <Text size="small" weight="plus">
                        {job.name}
                      </Text>
                      <Text size="xsmall" className="text-ui-fg-subtle">
                        {moduleName(job.module)} · {formatDateTime(job.created_at)}
                      </Text>
                    </div>
                  </Table.Cell>
                  <Table.Cell className="max-w-xs">
                    <StatusBadge color={STATUS_COLOR[job.status]}>
                      {job.status === "paused_insufficient_credits" ? "Paused: out of credits" : humanize(job.status)}
                    </StatusBadge>
                    {job.last_error ? (
                      <Text size="xsmall" className="text-ui-fg-subtle whitespace-normal">
                        {job.last_error}
                      </Text>
                    ) : null}
                  </Table.Cell>
                  <Table.Cell>
                    <Progress job={job} />
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">
                    {formatCredits(job.credits_spent)}
                    <Text size="xsmall" className="text-ui-fg-subtle">
                      of ~{formatCredits(job.estimated_credits)}
                    </Text>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <div className="flex justify-end gap-2">
                      {job.status === "paused_insufficient_credits" || job.status === "failed" ? (
                        <Button size="small" variant="secondary" onClick={() => act.mutate({ job, action: "resume" })}>
                          Resume
                        </Button>
                      ) : null}
                      {["queued", "running", "paused_insufficient_credits", "failed"].includes(job.status) ? (
                        <Button size="small" variant="secondary" onClick={() => act.mutate({ job, action: "cancel" })}>
                          Cancel
                        </Button>
                      ) : null}
                    </div>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <NewJobDrawer open={creating} onOpenChange={setCreating} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Bulk jobs",
  rank: 7,
})

export const handle = {
  breadcrumb: () => "Bulk jobs",
}

export default BulkJobsPage
