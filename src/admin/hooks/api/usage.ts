import { useQuery } from "@tanstack/react-query"
import { cleanQuery, type Paginated, type UsageEvent, type UsageListQuery } from "../../lib/api"
import { sdk } from "../../lib/sdk"
import {
  CREDIT_MOVE_KEYS,
  queryKeysFactory,
  useInvalidatingMutation,
  type MutationHookOptions,
  type QueryHookOptions,
} from "./query-keys"

export const usageQueryKeys = queryKeysFactory("usage")

type UsageList = { usage_events: UsageEvent[] } & Paginated
type RefundResponse = { usage_event: UsageEvent; refund: { credits: number } }

export const useUsageEvents = (query: UsageListQuery, options?: QueryHookOptions<UsageList>) =>
  useQuery({
    queryKey: usageQueryKeys.list(query),
    queryFn: () => sdk.client.fetch<UsageList>("/admin/ai-credits/usage", { query: cleanQuery(query) }),
    ...options,
  })

/** Gives a usage event's credits back to the wallet that paid. */
export const useRefundUsage = (options?: MutationHookOptions<RefundResponse, { id: string; reason: string }>) =>
  useInvalidatingMutation(
    ({ id, reason }: { id: string; reason: string }) =>
      sdk.client.fetch<RefundResponse>(`/admin/ai-credits/usage/${id}/refund`, { method: "POST", body: { reason } }),
    CREDIT_MOVE_KEYS,
    options
  )
