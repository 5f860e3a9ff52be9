import { Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useWatch } from "react-hook-form"
import { z } from "zod"
import { FormDrawer, TextField, drawerSaveCallbacks, useZodForm } from "../../../../components/form"
import { SelectField } from "../../../../components/form-select"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { errorMessage } from "../../../../lib/api"
import { formatCredits } from "../../../../lib/format"
import type { BulkJobQuote } from "../../../../lib/governance-api"
import { useQuoteBulkJob, useSubmitBulkJob } from "../../../../hooks/api/bulk-jobs"
import { useAiModules } from "../../../../hooks/api/modules"
import { parseItems } from "./items"

const MAX_ITEMS = 10_000
const wholeAboveZero = z
  .string()
  .trim()
  .refine((v) => !v || (Number.isInteger(Number(v)) && Number(v) >= 1), "A whole number above zero.")

const NewJobSchema = z.object({
  name: z.string(),
  module: z.string().min(1, "Pick the AI module that runs the items."),
  items: z
    .string()
    .refine((text) => parseItems(text).length > 0, "At least one prompt, one a line.")
    .refine((text) => parseItems(text).length <= MAX_ITEMS, "At most 10,000 items per job."),
  batch: wholeAboveZero,
  per_hour: wholeAboveZero,
})

const optionalCount = (value: string) => (value.trim() ? Number(value) : undefined)

/** A new job, at `/ai-credits/bulk-jobs/create`: its items, a quote (items × estimated credits), then the submit. */
const NewBulkJobPage = () => {
  const drawer = useRouteDrawer("/ai-credits/bulk-jobs")
  const { modules, moduleName } = useAiModules()
  const [quote, setQuote] = useState<BulkJobQuote | null>(null)
  const form = useZodForm(NewJobSchema, { name: "", module: "", items: "", batch: "", per_hour: "" })
  const [module, text] = useWatch({ control: form.control, name: ["module", "items"] })
  const items = parseItems(text)
  // A quote is for these items on this module: changing either asks for a new one.
  useEffect(() => setQuote(null), [module, text])

  const quoting = useQuoteBulkJob({
    onSuccess: ({ quote }) => setQuote(quote),
    onError: (error) => toast.error("Could not quote the job", { description: errorMessage(error) }),
  })
  const submitting = useSubmitBulkJob(
    drawerSaveCallbacks(
      drawer.onOpenChange,
      ({ bulk_job }) => ({
        title: "Job submitted",
        description: `${bulk_job.progress.total} items are queued.`,
      }),
      "Could not submit the job"
    )
  )
  const submit = form.handleSubmit((values) => {
    if (!quote) {
      return quoting.mutate({ module: values.module, items: parseItems(values.items) })
    }
    // The name is asked for with the quote.
    if (!values.name.trim()) {
      return form.setError("name", { message: "Give the job a name you will recognise." })
    }
    submitting.mutate({
      name: values.name.trim(),
      module: values.module,
      items: parseItems(values.items),
      batch_size: optionalCount(values.batch),
      items_per_hour: optionalCount(values.per_hour),
    })
  })

  return (
    <FormDrawer
      {...drawer}
      title="New bulk job"
      description="Mass content, indexing or embeddings, run in batches that hold their credits first."
      submitLabel={quote ? `Submit for about ${formatCredits(quote.estimated_credits)} credits` : "Get a quote"}
      isPending={quoting.isPending || submitting.isPending}
      onSubmit={submit}
    >
      <SelectField
        form={form}
        name="module"
        id="job-module"
        label="AI module"
        placeholder="Choose a module"
        options={modules.filter((m) => m.enabled).map((m) => ({ value: m.id, label: moduleName(m.id) }))}
      />
      <TextField
        form={form}
        name="items"
        id="job-items"
        label="Items"
        rows={8}
        hint={`${items.length} item(s). One prompt a line; put a reference first with " | " (e.g. prod_123 | Describe…).`}
      />
      <div className="grid grid-cols-2 gap-4">
        <TextField form={form} name="batch" id="job-batch" label="Batch size" optional type="number" min={1} />
        <TextField form={form} name="per_hour" id="job-rate" label="Items per hour" optional type="number" min={1} />
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
      {quote ? <TextField form={form} name="name" id="job-name" label="Name" placeholder="SEO descriptions, spring catalog" /> : null}
    </FormDrawer>
  )
}

export default NewBulkJobPage
