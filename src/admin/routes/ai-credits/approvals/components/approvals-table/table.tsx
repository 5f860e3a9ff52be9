import { CheckCircle } from "@medusajs/icons"
import { useState } from "react"
import { ListTable } from "../../../../../components/list-table"
import { useApprovalRequests } from "../../../../../hooks/api/approvals"
import type { ApprovalRequest, ApprovalStatus } from "../../../../../lib/governance-api"
import { ApproveDrawer, RejectDrawer } from "../decision-drawers"
import { useApprovalColumns } from "./columns"

export type ApprovalTab = ApprovalStatus | "all"

/** The approval requests of one status, each decided in a drawer. */
export const ApprovalsTable = ({ tab }: { tab: ApprovalTab }) => {
  const [approving, setApproving] = useState<ApprovalRequest | null>(null)
  const [rejecting, setRejecting] = useState<ApprovalRequest | null>(null)
  const approvals = useApprovalRequests({ status: tab === "all" ? undefined : tab, limit: 200 })
  const columns = useApprovalColumns({ onApprove: setApproving, onReject: setRejecting })
  return (
    <>
      <ListTable
        rows={approvals.data?.approval_requests ?? []}
        columns={columns}
        query={approvals}
        empty={{
          icon: <CheckCircle className="text-ui-tag-green-icon" />,
          title: tab === "pending" ? "No request is waiting" : "No requests",
          description:
            tab === "pending"
              ? "A request appears here when someone goes past a quota rule whose action is “require approval”, or asks for more."
              : undefined,
        }}
      />
      <ApproveDrawer request={approving} onClose={() => setApproving(null)} />
      <RejectDrawer request={rejecting} onClose={() => setRejecting(null)} />
    </>
  )
}
