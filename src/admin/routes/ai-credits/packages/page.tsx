import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ListPage } from "../../../components/list-page"
import { PackagesTable } from "./components/packages-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const CreditPackagesPage = () => (
  <ListPage
    title="Credit packages"
    description="Product variants that sell credits. Edit a package, or make a variant one, on its product's page."
  >
    <PackagesTable />
  </ListPage>
)

export const config = defineRouteConfig({ label: "Credit packages", rank: 10 })

export const handle = breadcrumbHandle(config.label)

export default CreditPackagesPage
