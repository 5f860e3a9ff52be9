import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Tabs } from "@medusajs/ui"
import { useState } from "react"
import { ListPage } from "../../../components/list-page"
import { AlertsTable, type AlertStatusFilter } from "./components/alerts-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const AlertsPage = () => {
  const [status, setStatus] = useState<AlertStatusFilter>("open")
  return (
    <ListPage
      title="Alerts"
      description="What needs an admin: models without a price, thresholds crossed, failed top-ups."
      actions={
        <Tabs value={status} onValueChange={(v) => setStatus(v as AlertStatusFilter)}>
          <Tabs.List>
            <Tabs.Trigger value="open">Open</Tabs.Trigger>
            <Tabs.Trigger value="resolved">Resolved</Tabs.Trigger>
            <Tabs.Trigger value="all">All</Tabs.Trigger>
          </Tabs.List>
        </Tabs>
      }
    >
      <AlertsTable status={status} />
    </ListPage>
  )
}

export const config = defineRouteConfig({ label: "Alerts", rank: 4 })

export const handle = breadcrumbHandle(config.label)

export default AlertsPage
