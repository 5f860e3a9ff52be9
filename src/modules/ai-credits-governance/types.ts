import type { InferTypeOf } from "@medusajs/framework/types"
import type { ApprovalRequest, BulkJob, BulkJobItem, ServerApiKey } from "./models"

export {
  APPROVAL_REQUEST_STATUSES,
  APPROVAL_REQUESTER_TYPES,
  BULK_JOB_ITEM_STATUSES,
  BULK_JOB_STATUSES,
  MODULE_ACCESS_SCOPES,
} from "../../client/enums"
export type {
  ApprovalRequesterType,
  ApprovalRequestStatus,
  BulkJobItemStatus,
  BulkJobStatus,
  ModuleAccessScope,
} from "../../client/enums"

/** An approval request as the service returns it (from the data model). */
export type ApprovalRequestDTO = InferTypeOf<typeof ApprovalRequest>
/** A bulk job as the service returns it (from the data model; `items` only when asked for). */
export type BulkJobDTO = Omit<InferTypeOf<typeof BulkJob>, "items">
export type BulkJobItemDTO = Omit<InferTypeOf<typeof BulkJobItem>, "job">

export type OpenApprovalRequestInput = Pick<
  ApprovalRequestDTO,
  "rule_id" | "rule_name" | "subject" | "module" | "metric" | "requester_type" | "requester_id" | "requested_amount"
> & {
  bucket_start: string | Date
  window_resets_at: string | Date
  reason?: string | null
  /** Asked for by the requester: a rejection earlier in the window does not stand in the way. */
  explicit?: boolean
}

/** The concurrency cap and hourly item rate of a module's bulk jobs. */
export type BulkPace = { concurrency: number; items_per_hour: number }

/** A server API key as the service returns it (its hash, never its secret). */
export type ServerApiKeyDTO = InferTypeOf<typeof ServerApiKey>
export type CreateServerApiKeyInput = Pick<
  ServerApiKeyDTO,
  "name" | "owner_type" | "owner_id" | "sales_channel_id" | "allowed_modules" | "allowed_models" | "rate_limit_per_minute" | "monthly_credit_limit" | "expires_at" | "created_by"
>
