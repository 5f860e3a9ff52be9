import { keepPreviousData, useQuery } from "@tanstack/react-query"
import {
  cleanQuery,
  type AdjustmentInput,
  type LedgerEntry,
  type Paginated,
  type PoolMember,
  type Wallet,
  type WalletDetail,
  type WalletListQuery,
} from "../../lib/api"
import { sdk } from "../../lib/sdk"
import {
  CREDIT_MOVE_KEYS,
  queryKeysFactory,
  useInvalidatingMutation,
  usePostMutation,
  type MutationHookOptions,
  type QueryHookOptions,
} from "./query-keys"

const BASE = "/admin/ai-credits/wallets"

export const walletsQueryKeys = queryKeysFactory("wallets")
export const ledgerQueryKeys = queryKeysFactory("ledger")

type WalletList = { wallets: Wallet[] } & Paginated
type WalletResponse = { wallet: WalletDetail }
type LedgerQuery = { limit: number; offset: number }
type AdjustmentResponse = { adjustment: Record<string, unknown>; balance: Partial<Wallet> & { wallet_id?: string } }
type WalletUpdate = { name?: string | null; overage_limit?: number; max_hold_credits?: number | null }
type AllocationInput = { sales_channel_id: string; amount: number; reason: string }
type PoolMemberInput = { sales_channel_id: string; allocation_cap: number | null }

const retrieveWallet = (id: string) => sdk.client.fetch<WalletResponse>(`${BASE}/${id}`)

/** One wallet with its grants and pool members, for `useQueries` over several wallets. */
export const walletQueryOptions = (id: string) => ({
  queryKey: walletsQueryKeys.detail(id),
  queryFn: () => retrieveWallet(id),
})

export const useWallets = (query: WalletListQuery, options?: QueryHookOptions<WalletList>) =>
  useQuery({
    queryKey: walletsQueryKeys.list(query),
    queryFn: () => sdk.client.fetch<WalletList>(BASE, { query: cleanQuery(query) }),
    ...options,
  })

export const useWallet = (id: string, options?: QueryHookOptions<WalletResponse>) =>
  useQuery({ ...walletQueryOptions(id), enabled: Boolean(id), ...options })

export const useWalletLedger = (walletId: string, query: LedgerQuery) =>
  useQuery({
    queryKey: ledgerQueryKeys.detail(walletId, query),
    queryFn: () => sdk.client.fetch<{ ledger_entries: LedgerEntry[] } & Paginated>(`${BASE}/${walletId}/ledger`, { query }),
    placeholderData: keepPreviousData,
  })

export const useUpdateWallet = (id: string, options?: MutationHookOptions<WalletResponse, WalletUpdate>) =>
  usePostMutation(`${BASE}/${id}`, [walletsQueryKeys.all], options)

/** A grant or a debit by hand; the key makes a retried submit of the same form count once. */
export const useCreateAdjustment = (
  options?: MutationHookOptions<AdjustmentResponse, { body: AdjustmentInput; idempotencyKey: string }>
) =>
  useInvalidatingMutation(
    ({ body, idempotencyKey }: { body: AdjustmentInput; idempotencyKey: string }) =>
      sdk.client.fetch<AdjustmentResponse>("/admin/ai-credits/adjustments", {
        method: "POST",
        body,
        headers: { "Idempotency-Key": idempotencyKey },
      }),
    CREDIT_MOVE_KEYS,
    options
  )

export const useAllocateCredits = (
  poolId: string,
  options?: MutationHookOptions<unknown, { body: AllocationInput; idempotencyKey: string }>
) =>
  useInvalidatingMutation(
    ({ body, idempotencyKey }: { body: AllocationInput; idempotencyKey: string }) =>
      sdk.client.fetch<unknown>(`${BASE}/${poolId}/allocations`, {
        method: "POST",
        body,
        headers: { "Idempotency-Key": idempotencyKey },
      }),
    CREDIT_MOVE_KEYS,
    options
  )

export const useUpsertPoolMember = (
  poolId: string,
  options?: MutationHookOptions<{ pool_member: PoolMember }, PoolMemberInput>
) =>
  usePostMutation(`${BASE}/${poolId}/pool-members`, [walletsQueryKeys.all], options)
