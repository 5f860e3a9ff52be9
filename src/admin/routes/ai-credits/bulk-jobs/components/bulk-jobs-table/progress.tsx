import { Text } from "@medusajs/ui"
import { formatCredits } from "../../../../../lib/format"
import type { BulkJob, BulkJobStatus } from "../../../../../lib/governance-api"

export const STATUS_COLOR: Record<BulkJobStatus, "grey" | "blue" | "orange" | "green" | "red"> = {
  queued: "grey",
  running: "blue",
  paused_insufficient_credits: "orange",
  completed: "green",
  canceled: "grey",
  failed: "red",
}

/** How far a job got: a bar and its counts. */
export const Progress = ({ job }: { job: BulkJob }) => (
  <div className="flex min-w-40 flex-col gap-y-1">
    <div
      className="bg-ui-bg-component h-1.5 w-full overflow-hidden rounded-full"
      role="progressbar"
      aria-valuenow={job.progress.percent}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className="bg-ui-fg-interactive h-full" style={{ width: `${job.progress.percent}%` }} />
    </div>
    <Text size="xsmall" className="text-ui-fg-subtle tabular-nums">
      {formatCredits(job.progress.done)} of {formatCredits(job.progress.total)} done
      {job.progress.failed ? ` · ${formatCredits(job.progress.failed)} failed` : ""}
    </Text>
  </div>
)

