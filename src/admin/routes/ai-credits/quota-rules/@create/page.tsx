import { Controller } from "react-hook-form"
import { Choice, Field, FormDrawer, TextField, drawerSaveCallbacks, useZodForm } from "../../../../components/form"
import { useRouteDrawer } from "../../../../components/route-drawer"
import { humanize } from "../../../../lib/format"
import { QUOTA_METRICS, QUOTA_WINDOWS } from "../../../../../client/enums"
import { useAiModules } from "../../../../hooks/api/modules"
import { useCustomerGroupNames, useCustomerNames, useSalesChannelNames } from "../../../../hooks/api/owners"
import { usePlans } from "../../../../hooks/api/plans"
import { useCreateQuotaRule } from "../../../../hooks/api/quota-rules"
import { useAiRoleNames } from "../../../../hooks/api/roles"
import { ACTIONS, ANY, COUNTED } from "../components/quota-rule-options"
import { CreateQuotaRuleSchema, EMPTY_QUOTA_RULE } from "./schema"

type ChoiceName = "module" | "sales_channel_id" | "customer_group_id" | "customer_id" | "plan_id" | "admin_role" | "metric" | "window" | "per" | "action"

/** Create a quota rule: a drawer over the rule list, at `/ai-credits/quota-rules/create`. */
const CreateQuotaRulePage = () => {
  const drawer = useRouteDrawer("/ai-credits/quota-rules")
  const { modules } = useAiModules()
  const channels = useSalesChannelNames()
  const groups = useCustomerGroupNames()
  const customers = useCustomerNames()
  const plans = usePlans()
  const roles = useAiRoleNames()
  const form = useZodForm(CreateQuotaRuleSchema, EMPTY_QUOTA_RULE, drawer.open)
  const rolling = form.watch("window") === "rolling"

  const create = useCreateQuotaRule(
    drawerSaveCallbacks(
      drawer.onOpenChange,
      ({ quota_rule }) => ({
        title: "Quota rule created",
        description: `${quota_rule.name} applies to new requests within seconds.`,
      }),
      "Could not create the rule"
    )
  )

  const submit = form.handleSubmit((rule) => create.mutate(rule))

  const choice = (name: ChoiceName, options: { value: string; label: string }[]) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => <Choice id={`quota-rule-${name}`} value={field.value} onChange={field.onChange} options={options} />}
    />
  )
  /** A scope select: "any" first, then the records by name. */
  const scope = (name: ChoiceName, anyLabel: string, records: { id: string; label: string }[] | undefined) =>
    choice(name, [{ value: ANY, label: anyLabel }, ...(records ?? []).map((r) => ({ value: r.id, label: r.label }))])

  return (
    <FormDrawer
      open={drawer.open}
      onOpenChange={drawer.onOpenChange}
      title="Create quota rule"
      description="Caps what a scope may use in a window: every field you set must match a request. All matching rules apply; the most restrictive decides."
      submitLabel="Create rule"
      isPending={create.isPending}
      onSubmit={() => void submit()}
    >
      <TextField form={form} name="name" id="quota-rule-name" label="Name" />
      <div className="grid grid-cols-2 gap-4">
        <Field id="quota-rule-module" label="AI module">
          {scope("module", "Every module", modules.map((m) => ({ id: m.id, label: m.name })))}
        </Field>
        <Field id="quota-rule-sales_channel_id" label="Storefront">
          {scope("sales_channel_id", "Every storefront", channels.data)}
        </Field>
        <Field id="quota-rule-customer_group_id" label="Customer group">
          {scope("customer_group_id", "Every group", groups.data)}
        </Field>
        <Field id="quota-rule-customer_id" label="Customer">
          {scope("customer_id", "Every customer", customers.data)}
        </Field>
        <Field id="quota-rule-plan_id" label="Plan">
          {scope("plan_id", "Every plan", plans.data?.plans.map((p) => ({ id: p.id, label: p.name })))}
        </Field>
        <Field id="quota-rule-admin_role" label="Admin role">
          {scope("admin_role", "Every role", roles.map((r) => ({ id: r, label: r })))}
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-4">
        <TextField form={form} name="limit" id="quota-rule-limit" label="Limit" inputMode="numeric" />
        <Field id="quota-rule-metric" label="Of">
          {choice("metric", QUOTA_METRICS.map((m) => ({ value: m, label: humanize(m) })))}
        </Field>
        <Field id="quota-rule-window" label="Per">
          {choice("window", QUOTA_WINDOWS.map((w) => ({ value: w, label: w === "rolling" ? "Rolling window" : humanize(w) })))}
        </Field>
        {rolling ? (
          <TextField
            form={form}
            name="window_minutes"
            id="quota-rule-window-minutes"
            label="Window length (minutes)"
            inputMode="numeric"
            hint="The last this many minutes count, e.g. 1440 for the last 24 hours."
          />
        ) : null}
        <Field id="quota-rule-per" label="Counted">
          {choice("per", COUNTED)}
        </Field>
      </div>
      <Field id="quota-rule-action" label="When reached">
        {choice("action", ACTIONS)}
      </Field>
    </FormDrawer>
  )
}

export default CreateQuotaRulePage
