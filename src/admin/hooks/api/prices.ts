import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { type Paginated, type Price, type SetPriceInput } from "../../lib/api"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, usePostMutation, type MutationHookOptions } from "./query-keys"

export const pricesQueryKeys = queryKeysFactory("prices")

/** The rate cards: current versions only, or every version when `history`. */
export const usePrices = (history: boolean) =>
  useQuery({
    queryKey: pricesQueryKeys.list({ history }),
    queryFn: () =>
      sdk.client.fetch<{ prices: Price[] } & Paginated>("/admin/ai-credits/prices", {
        query: history ? { include_superseded: "true", limit: 500 } : { limit: 500 },
      }),
    placeholderData: keepPreviousData,
  })

/** A new version of a price; past usage keeps the one it was charged. */
export const useSetPrice = (options?: MutationHookOptions<{ price: Price }, SetPriceInput>) =>
  usePostMutation("/admin/ai-credits/prices", [pricesQueryKeys.all], options)
