import { zodResolver } from "@hookform/resolvers/zod"
import { Input, toast } from "@medusajs/ui"
import { Controller, useForm } from "react-hook-form"
import { Choice, Field, FormDrawer } from "../../../../components/form"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { errorMessage } from "../../../../lib/api"
import { humanize } from "../../../../lib/format"
import { useAiModules } from "../../../../hooks/api/modules"
import { useCreateQuotaRule } from "../../../../hooks/api/quota-rules"
import { ACTIONS, ALL_MODULES, METRICS, WINDOWS } from "../components/quota-rule-options"
import { CreateQuotaRuleSchema, EMPTY_QUOTA_RULE, type CreateQuotaRuleForm } from "./schema"

/** Create a quota rule: a drawer over the rule list, at `/ai-credits/quota-rules/create`. */
const CreateQuotaRulePage = () => {
  const drawer = useRouteDrawer("/ai-credits/quota-rules")
  const { modules } = useAiModules()
  const form = useForm<CreateQuotaRuleForm>({ defaultValues: EMPTY_QUOTA_RULE, resolver: zodResolver(CreateQuotaRuleSchema) })
  const { errors } = form.formState

  const create = useCreateQuotaRule({
    onSuccess: ({ quota_rule }) => {
      toast.success("Quota rule created", { description: `${quota_rule.name} applies to new requests within seconds.` })
      drawer.onOpenChange(false)
    },
    onError: (error) => toast.error("Could not create the rule", { description: errorMessage(error) }),
  })

  const submit = form.handleSubmit((rule) =>
    create.mutate({
      name: rule.name.trim(),
      module: rule.module === ALL_MODULES ? null : rule.module,
      metric: rule.metric,
      window: rule.window,
      limit: Number(rule.limit),
      per: rule.per,
      action: rule.action,
    })
  )

  const choice = <K extends "module" | "metric" | "window" | "per" | "action">(
    name: K,
    options: { value: CreateQuotaRuleForm[K]; label: string }[]
  ) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <Choice id={`quota-rule-${name}`} value={field.value} onChange={field.onChange} options={options} />
      )}
    />
  )

  return (
    <FormDrawer
      open={drawer.open}
      onOpenChange={drawer.onOpenChange}
      title="Create quota rule"
      description="Caps what an AI module (or all of them) may use in a window. All matching rules apply; the most restrictive decides."
      submitLabel="Create rule"
      isPending={create.isPending}
      onSubmit={() => void submit()}
    >
      <Field id="quota-rule-name" label="Name" error={errors.name?.message}>
        <Input id="quota-rule-name" {...form.register("name")} />
      </Field>
      <Field id="quota-rule-module" label="AI module">
        {choice("module", [{ value: ALL_MODULES, label: "Every module" }, ...modules.map((m) => ({ value: m.id, label: m.name }))])}
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field id="quota-rule-limit" label="Limit" error={errors.limit?.message}>
          <Input
            id="quota-rule-limit"
            inputMode="numeric"
            aria-invalid={Boolean(errors.limit)}
            {...form.register("limit")}
          />
        </Field>
        <Field id="quota-rule-metric" label="Of">
          {choice("metric", METRICS.map((m) => ({ value: m, label: humanize(m) })))}
        </Field>
        <Field id="quota-rule-window" label="Per">
          {choice("window", WINDOWS.map((w) => ({ value: w, label: humanize(w) })))}
        </Field>
        <Field id="quota-rule-per" label="Counted">
          {choice("per", [
            { value: "actor", label: "For each shopper or admin" },
            { value: "scope", label: "For everyone together" },
          ])}
        </Field>
      </div>
      <Field id="quota-rule-action" label="When reached">
        {choice("action", ACTIONS)}
      </Field>
    </FormDrawer>
  )
}

export default CreateQuotaRulePage
