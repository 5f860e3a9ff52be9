import {
  useMutation,
  useQueryClient,
  type QueryKey,
  type UseMutationOptions,
  type UseQueryOptions,
} from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"

/** Everything the plugin caches sits under one root, apart from the dashboard's own queries. */
export const AI_CREDITS_QUERY_ROOT = "ai-credits"

/**
 * The query keys of one resource, in the shape of the dashboard's `queryKeysFactory` (which is not
 * exported to plugins): invalidating `all` refreshes its lists and its details.
 */
export function queryKeysFactory<Resource extends string>(resource: Resource) {
  const all = [AI_CREDITS_QUERY_ROOT, resource] as const
  return {
    all,
    lists: () => [...all, "list"] as const,
    list: (query: object = {}) => [...all, "list", query] as const,
    details: () => [...all, "detail"] as const,
    detail: (id: string, query: object = {}) => [...all, "detail", id, query] as const,
  }
}

/** What a resource's query hook lets its caller set (all but the key and the fetch). */
export type QueryHookOptions<T> = Omit<UseQueryOptions<T, Error, T, QueryKey>, "queryKey" | "queryFn">

/** What a resource's mutation hook lets its caller set: the callbacks, run after the cache is refreshed. */
export type MutationHookOptions<TData, TVariables> = Omit<
  UseMutationOptions<TData, Error, TVariables>,
  "mutationFn"
>

/** A mutation that refreshes the given keys on success, then runs the caller's own `onSuccess`. */
export function useInvalidatingMutation<TData, TVariables>(
  mutationFn: (variables: TVariables) => Promise<TData>,
  invalidates: readonly QueryKey[],
  options?: MutationHookOptions<TData, TVariables>
) {
  const queryClient = useQueryClient()
  return useMutation({
    ...options,
    mutationFn,
    onSuccess: (...args) => {
      for (const queryKey of invalidates) {
        void queryClient.invalidateQueries({ queryKey })
      }
      return options?.onSuccess?.(...args)
    },
  })
}

/** A mutation that POSTs its variables as the body to `path`, then refreshes the given keys. */
export const usePostMutation = <TData, TBody extends Record<string, unknown>>(
  path: string,
  invalidates: readonly QueryKey[],
  options?: MutationHookOptions<TData, TBody>
) => useInvalidatingMutation((body: TBody) => sdk.client.fetch<TData>(path, { method: "POST", body }), invalidates, options)

/**
 * Everything a move of credits can change: balances, the ledger, usage, analytics, alerts and
 * order credits (the roots of those resources' keys, listed here so no resource imports another).
 */
export const CREDIT_MOVE_KEYS: readonly QueryKey[] = (
  ["wallets", "ledger", "usage", "analytics", "alerts", "order-credits"] as const
).map((resource) => queryKeysFactory(resource).all)
