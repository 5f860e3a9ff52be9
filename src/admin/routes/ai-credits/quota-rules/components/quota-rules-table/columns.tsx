import { Badge, Switch, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { formatCredits, humanize } from "../../../../../lib/format"
import type { QuotaRule } from "../../../../../lib/quota-rules"
import { ACTIONS, windowText } from "../quota-rule-options"

const column = createDataTableColumnHelper<QuotaRule>()

/** The scope fields a rule may set besides its module, each named by its record. */
export type ScopeField = "sales_channel_id" | "customer_group_id" | "customer_id" | "plan_id"

const SCOPE_LABELS: Record<ScopeField, string> = {
  sales_channel_id: "Storefront",
  customer_group_id: "Group",
  customer_id: "Customer",
  plan_id: "Plan",
}

type Props = {
  moduleName: (id: string) => string
  /** The name of a storefront, group, customer or plan (its id until the names load). */
  scopeName: (field: ScopeField, id: string) => string
  onToggle: (rule: QuotaRule) => void
  toggling: boolean
}

/** The quota rules' columns: what each caps, how, and a switch to turn it off. */
export function useQuotaRuleColumns({ moduleName, scopeName, onToggle, toggling }: Props) {
  return useMemo(
    () => [
      column.accessor("name", { header: "Name" }),
      column.accessor("module", {
        header: "Scope",
        cell: ({ row: { original: rule } }) => (
          <div className="flex flex-wrap gap-1">
            <Badge size="2xsmall">{rule.module ? moduleName(rule.module) : "Every module"}</Badge>
            {(Object.keys(SCOPE_LABELS) as ScopeField[]).map((field) => {
              const id = rule[field]
              return id ? (
                <Badge key={field} size="2xsmall">
                  {SCOPE_LABELS[field]}: {scopeName(field, id)}
                </Badge>
              ) : null
            })}
            {rule.admin_role ? <Badge size="2xsmall">Role: {rule.admin_role}</Badge> : null}
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
    [moduleName, scopeName, onToggle, toggling]
  )
}
