import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ListPage } from "../../../components/list-page"
import { UsageTable } from "./components/usage-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const UsagePage = () => (
  <ListPage
    title="Usage"
    description="Every metered AI request, newest first: what ran, for whom, on which storefront, and what it was charged."
  >
    <UsageTable />
  </ListPage>
)

export const config = defineRouteConfig({ label: "Usage", rank: 2 })

export const handle = breadcrumbHandle(config.label)

export default UsagePage
