import { model } from "@medusajs/framework/utils"
import { APPROVAL_REQUEST_STATUSES, APPROVAL_REQUESTER_TYPES } from "../../../client/enums"

/**
 * A request for more of a quota (`require_approval` rules): raised when a request is refused by
 * such a rule, or asked for by the requester. An admin approves it (for `granted_amount` more,
 * until `expires_at`) or rejects it. An approved increase lapses by itself at `expires_at`.
 */
const ApprovalRequest = model
  .define("ai_credit_approval_request", {
    id: model.id({ prefix: "aiappr" }).primaryKey(),
    status: model.enum([...APPROVAL_REQUEST_STATUSES]).default("pending"),
    rule_id: model.text(),
    rule_name: model.text(),
    /** Whose allowance grows: the quota subject (`customer:…`, `user:…`, or `*` for a shared quota). */
    subject: model.text(),
    /** The window the refusal happened in; one pending request per rule, subject and window. */
    bucket_start: model.dateTime(),
    /** When that window ends: an approval lasts until then unless the admin says otherwise. */
    window_resets_at: model.dateTime(),
    module: model.text().nullable(),
    metric: model.text(),
    requester_type: model.enum([...APPROVAL_REQUESTER_TYPES]),
    requester_id: model.text().nullable(),
    requested_amount: model.number(),
    granted_amount: model.number().nullable(),
    reason: model.text().nullable(),
    decision_note: model.text().nullable(),
    decided_by: model.text().nullable(),
    decided_at: model.dateTime().nullable(),
    /** Until when an approved increase applies. */
    expires_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["status", "created_at"] },
    { on: ["rule_id", "subject", "status"] },
    { on: ["requester_type", "requester_id"] },
    { on: ["rule_id", "subject", "bucket_start"], unique: true, where: "status = 'pending' AND deleted_at IS NULL" },
  ])

export default ApprovalRequest
