import { formatCredits } from "../../../../lib/format"
import type { ApprovalStatus } from "../../../../lib/governance-api"

/** "1 request", "5 requests", "200 credits". */
export const amountOf = (amount: number | null, metric: string) =>
  `${formatCredits(amount)} ${amount === 1 ? metric.replace(/s$/, "") : metric}`

export const STATUS_COLOR: Record<ApprovalStatus, "orange" | "green" | "red" | "grey"> = {
  pending: "orange",
  approved: "green",
  rejected: "red",
  expired: "grey",
}

