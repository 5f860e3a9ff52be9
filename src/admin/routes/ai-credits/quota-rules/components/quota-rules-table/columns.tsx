import { Badge, Switch, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { formatCredits, humanize } from "../../../../../lib/format"
import type { QuotaRule } from "../../../../../lib/quota-rules"
import { ACTIONS } from "../quota-rule-options"

const column = createDataTableColumnHelper<QuotaRule>()

const windowText = (rule: QuotaRule) =>
  rule.window === "rolling" ? `rolling ${rule.window_seconds ?? "?"} s` : `per ${rule.window}`

type Props = {
  moduleName: (id: string) => string
  onToggle: (rule: QuotaRule) => void
  toggling: boolean
}

/** The quota rules' columns: what each caps, how, and a switch to turn it off. */
export function useQuotaRuleColumns({ moduleName, onToggle, toggling }: Props) {
  return useMemo(
    () => [
      column.accessor("name", { header: "Name" }),
      column.accessor("module", {
        header: "Scope",
        cell: ({ row: { original: rule } }) => (
          <div className="flex flex-wrap gap-1">
            <Badge size="2xsmall">{rule.module ? moduleName(rule.module) : "Every module"}</Badge>
            {rule.sales_channel_id ? <Badge size="2xsmall">Storefront</Badge> : null}
            {rule.customer_group_id ? <Badge size="2xsmall">Customer group</Badge> : null}
            {rule.customer_id ? <Badge size="2xsmall">Customer</Badge> : null}
            {rule.plan_id ? <Badge size="2xsmall">Plan</Badge> : null}
            {rule.admin_role ? <Badge size="2xsmall">Role {rule.admin_role}</Badge> : null}
          </div>
        ),
      }),
      column.accessor("limit", {
        header: "Limit",
        cell: ({ row: { original: rule } }) => (
          <span className="whitespace-nowrap">
            {formatCredits(rule.limit)} {rule.metric} {windowText(rule)}
            {rule.per === "actor" ? " each" : " together"}
          </span>
        ),
      }),
      column.accessor("action", {
        header: "When reached",
        cell: ({ getValue }) => ACTIONS.find((a) => a.value === getValue())?.label ?? humanize(getValue()),
      }),
      column.accessor("is_active", {
        header: "Active",
        cell: ({ row: { original: rule } }) => (
          <Switch
            checked={rule.is_active}
            disabled={toggling}
            onCheckedChange={() => onToggle(rule)}
            aria-label={`${rule.name} active`}
          />
        ),
      }),
    ],
    [moduleName, onToggle, toggling]
  )
}
