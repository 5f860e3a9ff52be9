import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { cleanQuery, type Paginated } from "../../lib/api"
import type { CreatePlanInput, Plan, PlanInput, Subscription, SubscriptionListQuery } from "../../lib/plans"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, useInvalidatingMutation, type MutationHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits"

export const plansQueryKeys = queryKeysFactory("plans")
export const subscriptionsQueryKeys = queryKeysFactory("subscriptions")

type PlanResponse = { plan: Plan }
export type PlanSave = { id: string; changes: Partial<PlanInput> } | { create: CreatePlanInput }

/** Every plan (a store offers a handful). */
export const usePlans = () =>
  useQuery({
    queryKey: plansQueryKeys.lists(),
    queryFn: () => sdk.client.fetch<{ plans: Plan[] } & Paginated>(`${BASE}/plans`, { query: { limit: 200 } }),
  })

/** Creates a plan, or changes one (its subscribers get the new terms from their next period). */
export const useSavePlan = (options?: MutationHookOptions<PlanResponse, PlanSave>) =>
  useInvalidatingMutation(
    (save: PlanSave) =>
      "create" in save
        ? sdk.client.fetch<PlanResponse>(`${BASE}/plans`, { method: "POST", body: save.create })
        : sdk.client.fetch<PlanResponse>(`${BASE}/plans/${save.id}`, { method: "POST", body: save.changes }),
    [plansQueryKeys.all, subscriptionsQueryKeys.all],
    options
  )

export const useSubscriptions = (query: SubscriptionListQuery) =>
  useQuery({
    queryKey: subscriptionsQueryKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ subscriptions: Subscription[] } & Paginated>(`${BASE}/subscriptions`, {
        query: cleanQuery(query),
      }),
    placeholderData: keepPreviousData,
  })
