import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Outlet } from "react-router-dom"
import { PlansTable } from "./components/plans-table/table"
import { SubscriptionsTable } from "./components/subscriptions-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const PlansPage = () => (
  <div className="flex flex-col gap-y-3">
    <PlansTable />
    <SubscriptionsTable />
    <Outlet />
  </div>
)

export const config = defineRouteConfig({ label: "Plans", rank: 9 })

export const handle = breadcrumbHandle(config.label)

export default PlansPage
