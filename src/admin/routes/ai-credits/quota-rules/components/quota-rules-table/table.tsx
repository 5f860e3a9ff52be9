import { Adjustments } from "@medusajs/icons"
import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { ListTable } from "../../../../../components/list-table"
import { EmptyState } from "../../../../../components/states"
import { aiCreditsKeys, errorMessage } from "../../../../../lib/api"
import { useAiModules } from "../../../../../lib/hooks"
import { quotaRulesApi, quotaRulesKey, type QuotaRule } from "../../../../../lib/quota-rules"
import { useQuotaRuleColumns } from "./columns"

/** Every quota rule, each switchable on and off. */
export const QuotaRulesTable = () => {
  const queryClient = useQueryClient()
  const { moduleName } = useAiModules()
  const rules = useQuery({ queryKey: quotaRulesKey, queryFn: () => quotaRulesApi.list() })
  const toggle = useMutation({
    mutationFn: (rule: QuotaRule) => quotaRulesApi.update(rule.id, { is_active: !rule.is_active }),
    onSuccess: ({ quota_rule }) => {
      toast.success(quota_rule.is_active ? "Rule switched on" : "Rule switched off")
      void queryClient.invalidateQueries({ queryKey: aiCreditsKeys.all })
    },
    onError: (error) => toast.error("Could not change the rule", { description: errorMessage(error) }),
  })
  const columns = useQuotaRuleColumns({ moduleName, onToggle: toggle.mutate, toggling: toggle.isPending })

  return (
    <ListTable
      rows={rules.data?.quota_rules ?? []}
      columns={columns}
      isLoading={rules.isLoading}
      error={rules.error}
      onRetry={() => void rules.refetch()}
      empty={
        <EmptyState
          icon={<Adjustments />}
          title="No quota rules"
          description="Without rules, only credits and rate limits bound AI usage."
        />
      }
    />
  )
}
