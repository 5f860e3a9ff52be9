import { zodResolver } from "@hookform/resolvers/zod"
import { Input, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useForm, useWatch } from "react-hook-form"
import { z } from "zod"
import { Field, FormDrawer } from "../../../../components/form"
import { FormSelect } from "../../../../components/form-select"
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
type NewJobForm = z.input<typeof NewJobSchema>

const optionalCount = (value: string) => (value.trim() ? Number(value) : undefined)

/** A new job, at `/ai-credits/bulk-jobs/create`: its items, a quote (items × estimated credits), then the submit. */
const NewBulkJobPage = () => {
  const drawer = useRouteDrawer("/ai-credits/bulk-jobs")
  const { modules, moduleName } = useAiModules()
  const [quote, setQuote] = useState<BulkJobQuote | null>(null)
  const form = useForm<NewJobForm>({
    defaultValues: { name: "", module: "", items: "", batch: "", per_hour: "" },
    resolver: zodResolver(NewJobSchema),
  })
  const { errors } = form.formState
  const [module, text] = useWatch({ control: form.control, name: ["module", "items"] })
  const items = parseItems(text)
  // A quote is for these items on this module: changing either asks for a new one.
  useEffect(() => setQuote(null), [module, text])

  const quoting = useQuoteBulkJob({
    onSuccess: ({ quote }) => setQuote(quote),
    onError: (error) => toast.error("Could not quote the job", { description: errorMessage(error) }),
  })
  const submitting = useSubmitBulkJob({
    onSuccess: ({ bulk_job }) => {
      toast.success("Job submitted", { description: `${bulk_job.progress.total} items are queued.` })
      drawer.onOpenChange(false)
    },
    onError: (error) => toast.error("Could not submit the job", { description: errorMessage(error) }),
  })
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
      open={drawer.open}
      onOpenChange={drawer.onOpenChange}
      title="New bulk job"
      description="Mass content, indexing or embeddings, run in batches that hold their credits first."
      submitLabel={quote ? `Submit for about ${formatCredits(quote.estimated_credits)} credits` : "Get a quote"}
      isPending={quoting.isPending || submitting.isPending}
      onSubmit={() => void submit()}
    >
      <Field id="job-module" label="AI module" error={errors.module?.message}>
        <FormSelect
          control={form.control}
          name="module"
          id="job-module"
          placeholder="Choose a module"
          options={modules.filter((m) => m.enabled).map((m) => ({ value: m.id, label: moduleName(m.id) }))}
        />
      </Field>
      <Field
        id="job-items"
        label="Items"
        error={errors.items?.message}
        hint={`${items.length} item(s). One prompt a line; put a reference first with " | " (e.g. prod_123 | Describe…).`}
      >
        <Textarea id="job-items" rows={8} {...form.register("items")} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field id="job-batch" label="Batch size" optional error={errors.batch?.message}>
          <Input id="job-batch" type="number" min={1} {...form.register("batch")} />
        </Field>
        <Field id="job-rate" label="Items per hour" optional error={errors.per_hour?.message}>
          <Input id="job-rate" type="number" min={1} {...form.register("per_hour")} />
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
        <Field id="job-name" label="Name" error={errors.name?.message}>
          <Input id="job-name" placeholder="SEO descriptions, spring catalog" {...form.register("name")} />
        </Field>
      ) : null}
    </FormDrawer>
  )
}

export default NewBulkJobPage
