import { Tag } from "@medusajs/icons"
import { Button } from "@medusajs/ui"
import { ListTable } from "../../../../../components/list-table"
import { usePrices } from "../../../../../hooks/api/prices"
import type { Price } from "../../../../../lib/api"
import { usePriceColumns } from "./columns"

type Props = { history: boolean; onEdit: (from: Price | null) => void }

/** The rate cards, current versions only unless `history`. */
export const PricesTable = ({ history, onEdit }: Props) => {
  const prices = usePrices(history)
  const columns = usePriceColumns(history, onEdit)
  return (
    <ListTable
      rows={prices.data?.prices ?? []}
      columns={columns}
      query={prices}
      empty={{
        icon: <Tag />,
        title: "No prices yet",
        description: "A model without a price is never run. Set a price for each model your AI modules use.",
        action: (
          <Button size="small" variant="secondary" onClick={() => onEdit(null)}>
            Set a price
          </Button>
        ),
      }}
    />
  )
}
