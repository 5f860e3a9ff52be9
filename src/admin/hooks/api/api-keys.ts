import { keepPreviousData, useQuery } from "@tanstack/react-query"
import type {
  AdminCreateServerApiKeyBody,
  AdminCreateServerApiKeyResponse,
  AdminServerApiKeyListResponse,
  AdminServerApiKeyResponse,
} from "../../../client/types"
import { cleanQuery, type OwnerType } from "../../lib/api"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, useInvalidatingMutation, usePostMutation, type MutationHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits/api-keys"

export const apiKeysQueryKeys = queryKeysFactory("api-keys")

export type ServerApiKeyListQuery = { owner_type?: OwnerType; owner_id?: string; limit?: number; offset?: number }

/** Server API keys, newest first, with their last use and spend this month; `owner_*` narrows them to one payer. */
export const useServerApiKeys = (query: ServerApiKeyListQuery) =>
  useQuery({
    queryKey: apiKeysQueryKeys.list(query),
    queryFn: () => sdk.client.fetch<AdminServerApiKeyListResponse>(BASE, { query: cleanQuery(query) }),
    placeholderData: keepPreviousData,
  })

/** Creates a key; its answer holds the secret, the only time it is shown. */
export const useCreateServerApiKey = (
  options?: MutationHookOptions<AdminCreateServerApiKeyResponse, AdminCreateServerApiKeyBody>
) =>
  usePostMutation(BASE, [apiKeysQueryKeys.all], options)

/** Revokes a key: its next request gets a 401. */
export const useRevokeServerApiKey = (options?: MutationHookOptions<AdminServerApiKeyResponse, string>) =>
  useInvalidatingMutation(
    (id: string) => sdk.client.fetch<AdminServerApiKeyResponse>(`${BASE}/${id}/revoke`, { method: "POST" }),
    [apiKeysQueryKeys.all],
    options
  )
