import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Adjustments } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Input, Switch, Table, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { Choice, Field, FormDrawer } from "../../../components/form"
import { aiCreditsKeys, errorMessage } from "../../../lib/api"
import { formatCredits, humanize } from "../../../lib/format"
import { useAiModules } from "../../../lib/hooks"
import { quotaRulesApi, quotaRulesKey, type QuotaRule, type QuotaRuleInput } from "../../../lib/quota-rules"

const ALL_MODULES = "__all__"
const METRICS = ["credits", "requests", "tokens"] as const
const WINDOWS = ["minute", "hour", "day", "month"] as const
const ACTIONS: { value: QuotaRule["action"]; label: string }[] = [
  { value: "block", label: "Block (429 quota_exceeded)" },
  { value: "fallback", label: "Use the module's fallback" },
  { value: "notify", label: "Allow, alert the admins" },
]

const EMPTY_RULE = {
  name: "",
  module: ALL_MODULES,
  metric: "credits" as QuotaRule["metric"],
  window: "day" as QuotaRule["window"],
  limit: "",
  per: "actor" as QuotaRule["per"],
  action: "block" as QuotaRule["action"],
}

function windowText(rule: QuotaRule) {
  return rule.window === "rolling" ? `rolling ${rule.window_seconds ?? "?"} s` : `per ${rule.window}`
}

const CreateRuleDrawer = ({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) => {
  const queryClient = useQueryClient()
  const { modules } = useAiModules()
  const [rule, setRule] = useState(EMPTY_RULE)
  const [errors, setErrors] = useState<{ name?: string; limit?: string }>({})
  const set = <K extends keyof typeof EMPTY_RULE>(key: K, value: (typeof EMPTY_RULE)[K]) =>
    setRule((current) => ({ ...current, [key]: value }))

  const create = useMutation({
    mutationFn: (body: QuotaRuleInput) => quotaRulesApi.create(body),
    onSuccess: ({ quota_rule }) => {
      toast.success("Quota rule created", { description: `${quota_rule.name} applies to new requests within seconds.` })
      void queryClient.invalidateQueries({ queryKey: aiCreditsKeys.all })
      setRule(EMPTY_RULE)
      onOpenChange(false)
    },
    onError: (error) => toast.error("Could not create the rule", { description: errorMessage(error) }),
  })

  const submit = () => {
    const limit = Number(rule.limit)
    const found = {
      name: rule.name.trim() ? undefined : "Give the rule a name.",
      limit: /^\d+$/.test(rule.limit.trim()) ? undefined : "A whole number, 0 or more.",
    }
    setErrors(found)
    if (found.name || found.limit) {
      return
    }
    create.mutate({
      name: rule.name.trim(),
      module: rule.module === ALL_MODULES ? null : rule.module,
      metric: rule.metric,
      window: rule.window,
      limit,
      per: rule.per,
      action: rule.action,
    })
  }

  return (
    <FormDrawer
      open={open}
      onOpenChange={onOpenChange}
      title="Create quota rule"
      description="Caps what an AI module (or all of them) may use in a window. All matching rules apply; the most restrictive decides."
      submitLabel="Create rule"
      isPending={create.isPending}
      onSubmit={submit}
    >
      <Field id="quota-rule-name" label="Name" error={errors.name}>
        <Input id="quota-rule-name" value={rule.name} onChange={(e) => set("name", e.target.value)} />
      </Field>
      <Field id="quota-rule-module" label="AI module">
        <Choice
          id="quota-rule-module"
          value={rule.module}
          onChange={(v) => set("module", v)}
          options={[{ value: ALL_MODULES, label: "Every module" }, ...modules.map((m) => ({ value: m.id, label: m.name }))]}
        />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field id="quota-rule-limit" label="Limit" error={errors.limit}>
          <Input
            id="quota-rule-limit"
            inputMode="numeric"
            value={rule.limit}
            onChange={(e) => set("limit", e.target.value)}
            aria-invalid={Boolean(errors.limit)}
          />
        </Field>
        <Field id="quota-rule-metric" label="Of">
          <Choice
            id="quota-rule-metric"
            value={rule.metric}
            onChange={(v) => set("metric", v)}
            options={METRICS.map((m) => ({ value: m, label: humanize(m) }))}
          />
        </Field>
        <Field id="quota-rule-window" label="Per">
          <Choice
            id="quota-rule-window"
            value={rule.window}
            onChange={(v) => set("window", v)}
            options={WINDOWS.map((w) => ({ value: w, label: humanize(w) }))}
          />
        </Field>
        <Field id="quota-rule-per" label="Counted">
          <Choice
            id="quota-rule-per"
            value={rule.per}
            onChange={(v) => set("per", v)}
            options={[
              { value: "actor", label: "For each shopper or admin" },
              { value: "scope", label: "For everyone together" },
            ]}
          />
        </Field>
      </div>
      <Field id="quota-rule-action" label="When reached">
        <Choice id="quota-rule-action" value={rule.action} onChange={(v) => set("action", v)} options={ACTIONS} />
      </Field>
    </FormDrawer>
  )
}

const QuotaRulesPage = () => {
  const queryClient = useQueryClient()
  const { moduleName } = useAiModules()
  const [creating, setCreating] = useState(false)
  const rules = useQuery({ queryKey: quotaRulesKey, queryFn: () => quotaRulesApi.list() })
  const toggle = useMutation({
    mutationFn: (rule: QuotaRule) => quotaRulesApi.update(rule.id, { is_active: !rule.is_active }),
    onSuccess: ({ quota_rule }) => {
      toast.success(quota_rule.is_active ? "Rule switched on" : "Rule switched off")
      void queryClient.invalidateQueries({ queryKey: aiCreditsKeys.all })
    },
    onError: (error) => toast.error("Could not change the rule", { description: errorMessage(error) }),
  })
  const rows = rules.data?.quota_rules ?? []

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">Quota rules</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Limits on credits, requests or tokens per window, for a module, a storefront, a group or a customer.
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
          Create rule
        </Button>
      </div>
      {rules.isLoading ? (
        <LoadingRows />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<Adjustments />}
          title="No quota rules"
          description="Without rules, only credits and rate limits bound AI usage."
        />
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Name</Table.HeaderCell>
                <Table.HeaderCell>Scope</Table.HeaderCell>
                <Table.HeaderCell>Limit</Table.HeaderCell>
                <Table.HeaderCell>When reached</Table.HeaderCell>
                <Table.HeaderCell>Active</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((rule) => (
                <Table.Row key={rule.id}>
                  <Table.Cell>{rule.name}</Table.Cell>
                  <Table.Cell>
                    <div className="flex flex-wrap gap-1">
                      <Badge size="2xsmall">{rule.module ? moduleName(rule.module) : "Every module"}</Badge>
                      {rule.sales_channel_id ? <Badge size="2xsmall">Storefront</Badge> : null}
                      {rule.customer_group_id ? <Badge size="2xsmall">Customer group</Badge> : null}
                      {rule.customer_id ? <Badge size="2xsmall">Customer</Badge> : null}
                      {rule.plan_id ? <Badge size="2xsmall">Plan</Badge> : null}
                      {rule.admin_role ? <Badge size="2xsmall">Role {rule.admin_role}</Badge> : null}
                    </div>
                  </Table.Cell>
                  <Table.Cell className="whitespace-nowrap">
                    {formatCredits(rule.limit)} {rule.metric} {windowText(rule)}
                    {rule.per === "actor" ? " each" : " together"}
                  </Table.Cell>
                  <Table.Cell>{ACTIONS.find((a) => a.value === rule.action)?.label ?? humanize(rule.action)}</Table.Cell>
                  <Table.Cell>
                    <Switch
                      checked={rule.is_active}
                      disabled={toggle.isPending}
                      onCheckedChange={() => toggle.mutate(rule)}
                      aria-label={`${rule.name} active`}
                    />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <CreateRuleDrawer open={creating} onOpenChange={setCreating} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Quota rules",
  rank: 6,
})

export const handle = {
  breadcrumb: () => "Quota rules",
}

export default QuotaRulesPage
