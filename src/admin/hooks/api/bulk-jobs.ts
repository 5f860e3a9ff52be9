import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query"
import { cleanQuery, type Paginated } from "../../lib/api"
import type { BulkItemInput, BulkJob, BulkJobQuote, BulkJobStatus } from "../../lib/governance-api"
import { sdk } from "../../lib/sdk"
import { queryKeysFactory, useInvalidatingMutation, usePostMutation, type MutationHookOptions } from "./query-keys"

const BASE = "/admin/ai-credits/bulk-jobs"

export const bulkJobsQueryKeys = queryKeysFactory("bulk-jobs")

type BulkJobResponse = { bulk_job: BulkJob }
type QuoteInput = { module: string; items: BulkItemInput[] }
export type SubmitBulkJobInput = QuoteInput & { name: string; batch_size?: number; items_per_hour?: number }
export type BulkJobActionInput = { job: BulkJob; action: "cancel" | "resume" }

/** The latest jobs, refetched every few seconds while one is moving. */
export const useBulkJobs = (query: { status?: BulkJobStatus; limit?: number }) =>
  useQuery({
    queryKey: bulkJobsQueryKeys.list(query),
    queryFn: () => sdk.client.fetch<{ bulk_jobs: BulkJob[] } & Paginated>(BASE, { query: cleanQuery(query) }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      q.state.data?.bulk_jobs.some((j) => j.status === "running" || j.status === "queued") ? 3_000 : false,
  })

/** What a job would cost; nothing is stored. */
export const useQuoteBulkJob = (options?: MutationHookOptions<{ quote: BulkJobQuote }, QuoteInput>) =>
  useMutation({
    ...options,
    mutationFn: (body: QuoteInput) => sdk.client.fetch<{ quote: BulkJobQuote }>(`${BASE}/quote`, { method: "POST", body }),
  })

export const useSubmitBulkJob = (options?: MutationHookOptions<BulkJobResponse, SubmitBulkJobInput>) =>
  usePostMutation(BASE, [bulkJobsQueryKeys.all], options)

export const useBulkJobAction = (options?: MutationHookOptions<BulkJobResponse, BulkJobActionInput>) =>
  useInvalidatingMutation(
    ({ job, action }: BulkJobActionInput) => sdk.client.fetch<BulkJobResponse>(`${BASE}/${job.id}/${action}`, { method: "POST" }),
    [bulkJobsQueryKeys.all],
    options
  )
