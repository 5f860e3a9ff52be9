import { Adjustments } from "@medusajs/icons"
import { toast } from "@medusajs/ui"
import { ListTable } from "../../../../../components/list-table"
import type { EmptyStateProps } from "../../../../../components/states"
import { errorMessage } from "../../../../../lib/api"
import { useAiModules } from "../../../../../hooks/api/modules"
import { useQuotaRules, useToggleQuotaRule } from "../../../../../hooks/api/quota-rules"
import { useQuotaRuleColumns } from "./columns"

const EMPTY_STATE: EmptyStateProps = {
  icon: <Adjustments />,
  title: "No quota rules",
  description: "Without rules, only credits and rate limits bound AI usage.",
}

/** Every quota rule, each switchable on and off. */
export const QuotaRulesTable = () => {
  const { moduleName } = useAiModules()
  const rules = useQuotaRules()
  const toggle = useToggleQuotaRule({
    onSuccess: ({ quota_rule }) => {
      toast.success(quota_rule.is_active ? "Rule switched on" : "Rule switched off")
    },
    onError: (error) => toast.error("Could not change the rule", { description: errorMessage(error) }),
  })
  const columns = useQuotaRuleColumns({ moduleName, onToggle: toggle.mutate, toggling: toggle.isPending })

  return <ListTable rows={rules.data?.quota_rules ?? []} columns={columns} query={rules} empty={EMPTY_STATE} />
}
