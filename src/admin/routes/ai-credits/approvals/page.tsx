import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Tabs } from "@medusajs/ui"
import { useState } from "react"
import { SectionHeader } from "../../../components/states"
import { humanize } from "../../../lib/format"
import { ApprovalsTable, type ApprovalTab } from "./components/approvals-table/table"

const ApprovalsPage = () => {
  const [tab, setTab] = useState<ApprovalTab>("pending")
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
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
      />
      <ApprovalsTable tab={tab} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Approvals",
  rank: 6,
})

export const handle = {
  breadcrumb: () => "Approvals",
}

export default ApprovalsPage
