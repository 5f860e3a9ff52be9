import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container } from "@medusajs/ui"
import { Outlet, useNavigate } from "react-router-dom"
import { SectionHeader } from "../../../components/states"
import { QuotaRulesTable } from "./components/quota-rules-table/table"

const QuotaRulesPage = () => {
  const navigate = useNavigate()
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="Quota rules"
        description="Limits on credits, requests or tokens per window, for a module, a storefront, a group or a customer."
        actions={
          <Button size="small" variant="secondary" onClick={() => navigate("create")}>
            Create rule
          </Button>
        }
      />
      <QuotaRulesTable />
      <Outlet />
    </Container>
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
