import { Button, StatusBadge, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { formatCredits, formatDateTime, humanize } from "../../../../../lib/format"
import type { BulkJob } from "../../../../../lib/governance-api"
import { Progress, STATUS_COLOR } from "./progress"
import { TitleCell } from "../../../../../components/list-table"

const column = createDataTableColumnHelper<BulkJob>()

export type BulkJobAction = "cancel" | "resume"

const RESUMABLE: BulkJob["status"][] = ["paused_insufficient_credits", "failed"]
const CANCELABLE: BulkJob["status"][] = ["queued", "running", "paused_insufficient_credits", "failed"]

/** The bulk jobs' columns: what, how far, what it cost, and resume or cancel. */
export function useBulkJobColumns(moduleName: (id: string) => string, onAction: (job: BulkJob, action: BulkJobAction) => void) {
  return useMemo(
    () => [
      column.accessor("name", {
        header: "Job",
        cell: ({ row: { original: job } }) => (
          <TitleCell title={job.name} detail={`${moduleName(job.module)} · ${formatDateTime(job.created_at)}`} />
        ),
      }),
      column.accessor("status", {
        header: "Status",
        cell: ({ row: { original: job } }) => (
          <div className="max-w-xs">
            <StatusBadge color={STATUS_COLOR[job.status]}>
              {job.status === "paused_insufficient_credits" ? "Paused: out of credits" : humanize(job.status)}
            </StatusBadge>
            {job.last_error ? (
              <Text size="xsmall" className="text-ui-fg-subtle whitespace-normal">
                {job.last_error}
              </Text>
            ) : null}
          </div>
        ),
      }),
      column.display({ id: "progress", header: "Progress", cell: ({ row }) => <Progress job={row.original} /> }),
      column.accessor("credits_spent", {
        header: "Credits",
        align: "right",
        cell: ({ row: { original: job } }) => (
          <div className="tabular-nums">
            {formatCredits(job.credits_spent)}
            <Text size="xsmall" className="text-ui-fg-subtle">
              of ~{formatCredits(job.estimated_credits)}
            </Text>
          </div>
        ),
      }),
      column.display({
        id: "actions",
        cell: ({ row: { original: job } }) => (
          <div className="flex justify-end gap-2">
            {RESUMABLE.includes(job.status) ? (
              <Button size="small" variant="secondary" onClick={() => onAction(job, "resume")}>
                Resume
              </Button>
            ) : null}
            {CANCELABLE.includes(job.status) ? (
              <Button size="small" variant="secondary" onClick={() => onAction(job, "cancel")}>
                Cancel
              </Button>
            ) : null}
          </div>
        ),
      }),
    ],
    [moduleName, onAction]
  )
}
