import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Tabs } from "@medusajs/ui"
import { useState } from "react"
import { ListPage } from "../../../components/list-page"
import { humanize } from "../../../lib/format"
import { ApprovalsTable, type ApprovalTab } from "./components/approvals-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const ApprovalsPage = () => {
  const [tab, setTab] = useState<ApprovalTab>("pending")
  return (
    <ListPage
      title="Approvals"
      description="Requests for more of a quota that needs approval. An approved increase lapses by itself."
      actions={
        <Tabs value={tab} onValueChange={(v) => setTab(v as ApprovalTab)}>
          <Tabs.List>
            {(["pending", "approved", "rejected", "expired", "all"] as const).map((s) => (
              <Tabs.Trigger key={s} value={s}>
                {humanize(s)}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
        </Tabs>
      }
    >
      <ApprovalsTable tab={tab} />
    </ListPage>
  )
}

export const config = defineRouteConfig({ label: "Approvals", rank: 6 })

export const handle = breadcrumbHandle(config.label)

export default ApprovalsPage
