import { Button, StatusBadge, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { formatDateTime, humanize } from "../../../../../lib/format"
import type { ApprovalRequest } from "../../../../../lib/governance-api"
import { STATUS_COLOR, amountOf } from "../approval-status"
import { TitleCell } from "../../../../../components/list-table"

const column = createDataTableColumnHelper<ApprovalRequest>()

const decision = (r: ApprovalRequest) =>
  r.status === "approved" || r.status === "expired"
    ? `+${amountOf(r.granted_amount, r.metric)} until ${formatDateTime(r.expires_at)}`
    : r.status === "rejected"
      ? (r.decision_note ?? "Rejected")
      : "–"

type Props = { onApprove: (request: ApprovalRequest) => void; onReject: (request: ApprovalRequest) => void }

/** The approval requests' columns, with approve and reject while pending. */
export function useApprovalColumns({ onApprove, onReject }: Props) {
  return useMemo(
    () => [
      column.accessor("status", {
        header: "Status",
        cell: ({ getValue }) => <StatusBadge color={STATUS_COLOR[getValue()]}>{humanize(getValue())}</StatusBadge>,
      }),
      column.accessor("rule_name", {
        header: "Quota",
        cell: ({ row: { original: r } }) => (
          <TitleCell
            title={r.rule_name}
            detail={`${r.module ? `${humanize(r.module)} · ` : ""}${formatDateTime(r.created_at)}${r.reason ? ` · “${r.reason}”` : ""}`}
            className="max-w-md"
            detailClassName="whitespace-normal"
          />
        ),
      }),
      column.accessor("requester_type", {
        header: "Requester",
        cell: ({ row: { original: r } }) => (
          <>
            <Text size="small">{humanize(r.requester_type)}</Text>
            <Text size="xsmall" className="text-ui-fg-subtle">
              {r.requester_id ?? "anonymous"}
            </Text>
          </>
        ),
      }),
      column.accessor("requested_amount", {
        header: "Asked",
        align: "right",
        cell: ({ row: { original: r } }) => <span className="tabular-nums">{amountOf(r.requested_amount, r.metric)}</span>,
      }),
      column.display({
        id: "decision",
        header: "Decision",
        cell: ({ row }) => (
          <Text size="xsmall" className="text-ui-fg-subtle max-w-xs whitespace-normal">
            {decision(row.original)}
          </Text>
        ),
      }),
      column.display({
        id: "decide",
        cell: ({ row: { original: r } }) =>
          r.status === "pending" ? (
            <div className="flex justify-end gap-2">
              <Button size="small" variant="secondary" onClick={() => onReject(r)}>
                Reject
              </Button>
              <Button size="small" onClick={() => onApprove(r)}>
                Approve
              </Button>
            </div>
          ) : null,
      }),
    ],
    [onApprove, onReject]
  )
}
