import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button } from "@medusajs/ui"
import { useNavigate } from "react-router-dom"
import { ListPage } from "../../../components/list-page"
import { QuotaRulesTable } from "./components/quota-rules-table/table"

const QuotaRulesPage = () => {
  const navigate = useNavigate()
  return (
    <ListPage
      title="Quota rules"
      description="Limits on credits, requests or tokens per window, for a module, a storefront, a group or a customer."
      actions={
        <Button size="small" variant="secondary" onClick={() => navigate("create")}>
          Create rule
        </Button>
      }
    >
      <QuotaRulesTable />
    </ListPage>
  )
}

export const config = defineRouteConfig({
  label: "Quota rules",
  rank: 6,
})

export const handle = {
  breadcrumb: () => "Quota rules",
}

export default QuotaRulesPage
