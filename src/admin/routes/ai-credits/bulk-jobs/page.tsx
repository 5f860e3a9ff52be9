import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Button, Container } from "@medusajs/ui"
import { Outlet, useNavigate } from "react-router-dom"
import { SectionHeader } from "../../../components/states"
import { BulkJobsTable } from "./components/bulk-jobs-table/table"

const BulkJobsPage = () => {
  const navigate = useNavigate()
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="Bulk jobs"
        description="Bulk AI work with a quote first, a pace per module, and batches that stop cleanly when credits run out."
        actions={
          <Button size="small" variant="secondary" onClick={() => navigate("create")}>
            New job
          </Button>
        }
      />
      <BulkJobsTable />
      <Outlet />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Bulk jobs",
  rank: 7,
})

export const handle = {
  breadcrumb: () => "Bulk jobs",
}

export default BulkJobsPage
