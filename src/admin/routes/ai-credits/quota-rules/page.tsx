import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreateButton, ListPage } from "../../../components/list-page"
import { QuotaRulesTable } from "./components/quota-rules-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const QuotaRulesPage = () => {
  return (
    <ListPage
      title="Quota rules"
      description="Limits on credits, requests or tokens per window (or rolling window), for a module, a storefront, a group, a customer, a plan or an admin role."
      actions={<CreateButton label="Create rule" />}
    >
      <QuotaRulesTable />
    </ListPage>
  )
}

export const config = defineRouteConfig({ label: "Quota rules", rank: 6 })

export const handle = breadcrumbHandle(config.label)

export default QuotaRulesPage
