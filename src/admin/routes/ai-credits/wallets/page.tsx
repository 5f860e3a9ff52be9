import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Plus } from "@medusajs/icons"
import { Button } from "@medusajs/ui"
import { useState } from "react"
import { AdjustCreditsDrawer } from "../../../components/adjust-credits-drawer"
import { ListPage } from "../../../components/list-page"
import { WalletsTable } from "./components/wallets-table/table"
import { breadcrumbHandle } from "../../../lib/route"

const WalletsPage = () => {
  const [adjusting, setAdjusting] = useState(false)
  return (
    <ListPage
      title="Wallets"
      description="Credit balances of customers, customer groups, storefronts, pools and the store."
      actions={
        <Button size="small" variant="secondary" onClick={() => setAdjusting(true)}>
          <Plus />
          Adjust credits
        </Button>
      }
    >
      <WalletsTable onGrant={() => setAdjusting(true)} />
      <AdjustCreditsDrawer open={adjusting} onOpenChange={setAdjusting} />
    </ListPage>
  )
}

export const config = defineRouteConfig({ label: "Wallets", rank: 1 })

export const handle = breadcrumbHandle(config.label)

export default WalletsPage
