import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container } from "@medusajs/ui"
import { SectionHeader } from "../../../components/states"
import { UsageTable } from "./components/usage-table/table"

const UsagePage = () => (
  <Container className="divide-y p-0">
    <SectionHeader
      level="h1"
      title="Usage"
      description="Every metered AI request, newest first: what ran, for whom, on which storefront, and what it was charged."
    />
    <UsageTable />
  </Container>
)

export const config = defineRouteConfig({
  label: "Usage",
  rank: 2,
})

export const handle = {
  breadcrumb: () => "Usage",
}

export default UsagePage
