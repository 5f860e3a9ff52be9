import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreateButton, ListPage } from "../../../components/list-page"
import { ServerApiKeysTable } from "./components/api-keys-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const ServerApiKeysPage = () => {
  return (
    <ListPage
      title="Server API keys"
      description="Keys for a backend or an app: each spends one payer's wallet, within its modules, models, rate limit and monthly limit."
      actions={<CreateButton label="Create key" />}
    >
      <ServerApiKeysTable />
    </ListPage>
  )
}

export const config = defineRouteConfig({ label: "Server API keys", rank: 11 })

export const handle = breadcrumbHandle(config.label)

export default ServerApiKeysPage
