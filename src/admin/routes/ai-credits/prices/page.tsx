import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Plus } from "@medusajs/icons"
import { Button, Label, Switch } from "@medusajs/ui"
import { useState } from "react"
import { ListPage } from "../../../components/list-page"
import type { Price } from "../../../lib/api"
import { PricesTable } from "./components/prices-table/table"
import { SetPriceDrawer } from "./components/set-price-drawer"
import { breadcrumbHandle } from "../../../lib/route"

const PricesPage = () => {
  const [history, setHistory] = useState(false)
  const [editing, setEditing] = useState<{ from: Price | null } | null>(null)
  return (
    <ListPage
      title="Prices"
      description="Rate cards per provider and model: credits charged, and what the provider charges you."
      actions={
        <div className="flex items-center gap-4">
          <div className="flex items-center gap-x-2">
            <Switch id="price-history" checked={history} onCheckedChange={setHistory} />
            <Label htmlFor="price-history" size="small">
              Show history
            </Label>
          </div>
          <Button size="small" variant="secondary" onClick={() => setEditing({ from: null })}>
            <Plus />
            Set price
          </Button>
        </div>
      }
    >
      <PricesTable history={history} onEdit={(from) => setEditing({ from })} />
      <SetPriceDrawer
        from={editing?.from ?? null}
        open={Boolean(editing)}
        onOpenChange={(open) => !open && setEditing(null)}
      />
    </ListPage>
  )
}

export const config = defineRouteConfig({ label: "Prices", rank: 3 })

export const handle = breadcrumbHandle(config.label)

export default PricesPage
