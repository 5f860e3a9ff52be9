import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container } from "@medusajs/ui"
import { SectionHeader } from "../../../components/states"
import { PackagesTable } from "./components/packages-table/table"

const CreditPackagesPage = () => (
  <Container className="divide-y p-0">
    <SectionHeader
      level="h1"
      title="Credit packages"
      description="Product variants that sell credits. Edit a package, or make a variant one, on its product's page."
    />
    <PackagesTable />
  </Container>
)

export const config = defineRouteConfig({
  label: "Credit packages",
  rank: 10,
})

export const handle = {
  breadcrumb: () => "Credit packages",
}

export default CreditPackagesPage
