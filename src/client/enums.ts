/**
 * The enumerations shared by the server, the admin and the storefront client, each defined once.
 * Dependency-free (the client is built from `src/client` alone): each module's `types.ts`
 * re-exports the ones it owns, and server code imports them from there.
 */

// ---- core ----

// ---- billing ----

// ---- gov ----

/** A bulk AI job's status (see the governance module's BulkJob model). */
export const BULK_JOB_STATUSES = ["queued", "running", "paused_insufficient_credits", "completed", "canceled", "failed"] as const
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number]

export const BULK_JOB_ITEM_STATUSES = ["pending", "done", "failed"] as const
export type BulkJobItemStatus = (typeof BULK_JOB_ITEM_STATUSES)[number]

/** An approval request for a quota increase: pending until an admin decides; an approved one expires. */
export const APPROVAL_REQUEST_STATUSES = ["pending", "approved", "rejected", "expired"] as const
export type ApprovalRequestStatus = (typeof APPROVAL_REQUEST_STATUSES)[number]

/** Who asked for a quota increase. */
export const APPROVAL_REQUESTER_TYPES = ["customer", "user", "visitor"] as const
export type ApprovalRequesterType = (typeof APPROVAL_REQUESTER_TYPES)[number]

/** What a module-access restriction covers: a module's requests, or its bulk jobs. */
export const MODULE_ACCESS_SCOPES = ["requests", "bulk_jobs"] as const
export type ModuleAccessScope = (typeof MODULE_ACCESS_SCOPES)[number]

// ---- gw ----

// ---- admin ----
