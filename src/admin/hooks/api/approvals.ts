import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { cleanQuery, type Paginated } from "../../lib/api"
import type { ApprovalRequest, ApprovalStatus } from "../../lib/governance-api"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, useInvalidatingMutation, type MutationHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits/approval-requests"

export const approvalsQueryKeys = queryKeysFactory("approvals")

type ApprovalResponse = { approval_request: ApprovalRequest }
export type ApproveInput = { id: string; amount?: number; duration_seconds?: number; note?: string }

export const useApprovalRequests = (query: { status?: ApprovalStatus; limit?: number }) =>
  useQuery({
    queryKey: approvalsQueryKeys.list(query),
    queryFn: () =>
      sdk.client.fetch<{ approval_requests: ApprovalRequest[] } & Paginated>(BASE, { query: cleanQuery(query) }),
    placeholderData: keepPreviousData,
  })

export const useApproveRequest = (options?: MutationHookOptions<ApprovalResponse, ApproveInput>) =>
  useInvalidatingMutation(
    ({ id, ...body }: ApproveInput) => sdk.client.fetch<ApprovalResponse>(`${BASE}/${id}/approve`, { method: "POST", body }),
    [approvalsQueryKeys.all],
    options
  )

export const useRejectRequest = (options?: MutationHookOptions<ApprovalResponse, { id: string; reason: string }>) =>
  useInvalidatingMutation(
    ({ id, reason }: { id: string; reason: string }) =>
      sdk.client.fetch<ApprovalResponse>(`${BASE}/${id}/reject`, { method: "POST", body: { reason } }),
    [approvalsQueryKeys.all],
    options
  )
