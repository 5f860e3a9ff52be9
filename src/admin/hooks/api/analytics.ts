import { useQuery } from "@tanstack/react-query"
import { cleanQuery } from "../../lib/api"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, usePostMutation, type MutationHookOptions, type QueryHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits/analytics"

export const analyticsQueryKeys = queryKeysFactory("analytics")

/** One analytics report (`overview`, `usage`, `roi`…) for a period and filters. */
export const useAnalytics = <T = unknown>(report: string, params: Record<string, unknown>, options?: QueryHookOptions<T>) =>
  useQuery({
    queryKey: analyticsQueryKeys.detail(report, params),
    queryFn: () => sdk.client.fetch<T>(`${BASE}/${report}`, { query: cleanQuery(params) }),
    ...options,
  })

export const useSaveRoiSettings = <T>(options?: MutationHookOptions<{ settings: T }, Record<string, unknown>>) =>
  usePostMutation(`${BASE}/roi/settings`, [analyticsQueryKeys.all], options)
