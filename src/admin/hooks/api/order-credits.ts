import { useQuery } from "@tanstack/react-query"
import type { OrderCredits } from "../../lib/credit-packs"
import { sdk } from "../../lib/sdk"
import { CREDIT_MOVE_KEYS, queryKeysFactory, useInvalidatingMutation, type MutationHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits/orders"

export const orderCreditsQueryKeys = queryKeysFactory("order-credits")

type OrderCreditsResponse = { order_credits: OrderCredits }

/** What an order's credit packs granted and revoked. */
export const useOrderCredits = (orderId: string) =>
  useQuery({
    queryKey: orderCreditsQueryKeys.detail(orderId),
    queryFn: () => sdk.client.fetch<OrderCreditsResponse>(`${BASE}/${orderId}`),
  })

/** Brings an order's grants up to date with what it now holds. */
export const useSyncOrderCredits = (orderId: string, options?: MutationHookOptions<OrderCreditsResponse, void>) =>
  useInvalidatingMutation(
    () => sdk.client.fetch<OrderCreditsResponse>(`${BASE}/${orderId}/sync`, { method: "POST" }),
    CREDIT_MOVE_KEYS,
    options
  )
