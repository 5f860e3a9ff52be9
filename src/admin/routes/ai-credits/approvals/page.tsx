import { defineRouteConfig } from "@medusajs/admin-sdk"
import { useState } from "react"
import { ListPage, StatusTabs } from "../../../components/list-page"
import { ApprovalsTable, type ApprovalTab } from "./components/approvals-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const TABS: readonly ApprovalTab[] = ["pending", "approved", "rejected", "expired", "all"]

const ApprovalsPage = () => {
  const [tab, setTab] = useState<ApprovalTab>("pending")
  return (
    <ListPage
      title="Approvals"
      description="Requests for more of a quota that needs approval. An approved increase lapses by itself."
      actions={<StatusTabs value={tab} onChange={setTab} tabs={TABS} />}
    >
      <ApprovalsTable tab={tab} />
    </ListPage>
  )
}

export const config = defineRouteConfig({ label: "Approvals", rank: 6 })

export const handle = breadcrumbHandle(config.label)

export default ApprovalsPage
