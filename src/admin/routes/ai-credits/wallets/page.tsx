import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Plus } from "@medusajs/icons"
import { Button, Container } from "@medusajs/ui"
import { useState } from "react"
import { AdjustCreditsDrawer } from "../../../components/adjust-credits-drawer"
import { SectionHeader } from "../../../components/states"
import { WalletsTable } from "./components/wallets-table/table"

const WalletsPage = () => {
  const [adjusting, setAdjusting] = useState(false)
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="Wallets"
        description="Credit balances of customers, customer groups, storefronts, pools and the store."
        actions={
          <Button size="small" variant="secondary" onClick={() => setAdjusting(true)}>
            <Plus />
            Adjust credits
          </Button>
        }
      />
      <WalletsTable onGrant={() => setAdjusting(true)} />
      <AdjustCreditsDrawer open={adjusting} onOpenChange={setAdjusting} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Wallets",
  rank: 1,
})

export const handle = {
  breadcrumb: () => "Wallets",
}

export default WalletsPage
