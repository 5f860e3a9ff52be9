import { useQuery } from "@tanstack/react-query"
import { cleanQuery, type CreditAlert, type Paginated } from "../../lib/api"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, useInvalidatingMutation, type MutationHookOptions, type QueryHookOptions } from "./query-keys"

export const alertsQueryKeys = queryKeysFactory("alerts")

type AlertsQuery = { status?: "open" | "resolved"; limit?: number; offset?: number }
type AlertList = { alerts: CreditAlert[] } & Paginated

export const useAlerts = (query: AlertsQuery, options?: QueryHookOptions<AlertList>) =>
  useQuery({
    queryKey: alertsQueryKeys.list(query),
    queryFn: () => sdk.client.fetch<AlertList>("/admin/ai-credits/alerts", { query: cleanQuery(query) }),
    ...options,
  })

export const useResolveAlert = (options?: MutationHookOptions<{ alert: CreditAlert }, CreditAlert>) =>
  useInvalidatingMutation(
    (alert: CreditAlert) =>
      sdk.client.fetch<{ alert: CreditAlert }>(`/admin/ai-credits/alerts/${alert.id}/resolve`, { method: "POST" }),
    [alertsQueryKeys.all],
    options
  )
