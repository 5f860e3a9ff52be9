import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreateButton, ListPage } from "../../../components/list-page"
import { BulkJobsTable } from "./components/bulk-jobs-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const BulkJobsPage = () => {
  return (
    <ListPage
      title="Bulk jobs"
      description="Bulk AI work with a quote first, a pace per module, and batches that stop cleanly when credits run out."
      actions={<CreateButton label="New job" />}
    >
      <BulkJobsTable />
    </ListPage>
  )
}

export const config = defineRouteConfig({ label: "Bulk jobs", rank: 7 })

export const handle = breadcrumbHandle(config.label)

export default BulkJobsPage
