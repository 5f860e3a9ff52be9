import { Adjustments } from "@medusajs/icons"
import { toast } from "@medusajs/ui"
import { ListTable } from "../../../../../components/list-table"
import type { EmptyStateProps } from "../../../../../components/states"
import { errorMessage } from "../../../../../lib/api"
import { useAiModules } from "../../../../../hooks/api/modules"
import { useQuotaRules, useToggleQuotaRule } from "../../../../../hooks/api/quota-rules"
import { useOwnerLabels } from "../../../../../hooks/api/owners"
import { usePlans } from "../../../../../hooks/api/plans"
import { useQuotaRuleColumns, type ScopeField } from "./columns"

const OWNER_TYPES = { sales_channel_id: "sales_channel", customer_group_id: "customer_group", customer_id: "customer" } as const

const EMPTY_STATE: EmptyStateProps = {
  icon: <Adjustments />,
  title: "No quota rules",
  description: "Without rules, only credits and rate limits bound AI usage.",
}

/** Every quota rule, each switchable on and off. */
export const QuotaRulesTable = () => {
  const { moduleName } = useAiModules()
  const rules = useQuotaRules()
  const rows = rules.data?.quota_rules ?? []
  const plans = usePlans()
  const ownerLabel = useOwnerLabels(
    rows.flatMap((rule) =>
      (Object.keys(OWNER_TYPES) as (keyof typeof OWNER_TYPES)[]).flatMap((field) =>
        rule[field] ? [{ owner_type: OWNER_TYPES[field], owner_id: rule[field] }] : []
      )
    )
  )
  const scopeName = (field: ScopeField, id: string) =>
    field === "plan_id"
      ? (plans.data?.plans.find((p) => p.id === id)?.name ?? id)
      : ownerLabel({ owner_type: OWNER_TYPES[field], owner_id: id })
  const toggle = useToggleQuotaRule({
    onSuccess: ({ quota_rule }) => {
      toast.success(quota_rule.is_active ? "Rule switched on" : "Rule switched off")
    },
    onError: (error) => toast.error("Could not change the rule", { description: errorMessage(error) }),
  })
  const columns = useQuotaRuleColumns({ moduleName, scopeName, onToggle: toggle.mutate, toggling: toggle.isPending })

  return <ListTable rows={rows} columns={columns} query={rules} empty={EMPTY_STATE} />
}
