import { useQuery } from "@tanstack/react-query"
import type { Paginated } from "../../lib/api"
import type { QuotaRule, QuotaRuleInput } from "../../lib/quota-rules"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, useInvalidatingMutation, usePostMutation, type MutationHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits/quota-rules"

export const quotaRulesQueryKeys = queryKeysFactory("quota-rules")

type QuotaRuleResponse = { quota_rule: QuotaRule }

/** Every quota rule (a store has a handful). */
export const useQuotaRules = () =>
  useQuery({
    queryKey: quotaRulesQueryKeys.lists(),
    queryFn: () => sdk.client.fetch<{ quota_rules: QuotaRule[] } & Paginated>(BASE, { query: { limit: 200 } }),
  })

export const useCreateQuotaRule = (options?: MutationHookOptions<QuotaRuleResponse, QuotaRuleInput>) =>
  usePostMutation(BASE, [quotaRulesQueryKeys.all], options)

/** Switches a rule on or off. */
export const useToggleQuotaRule = (options?: MutationHookOptions<QuotaRuleResponse, QuotaRule>) =>
  useInvalidatingMutation(
    (rule: QuotaRule) =>
      sdk.client.fetch<QuotaRuleResponse>(`${BASE}/${rule.id}`, { method: "POST", body: { is_active: !rule.is_active } }),
    [quotaRulesQueryKeys.all],
    options
  )
