import { CreditCard } from "@medusajs/icons"
import { Button } from "@medusajs/ui"
import { keepPreviousData } from "@tanstack/react-query"
import { useNavigate } from "react-router-dom"
import { ListTable } from "../../../../../components/list-table"
import { usePaging } from "../../../../../components/pagination"
import { useUrlFilters } from "../../../../../components/url-filters"
import { useOwnerLabels } from "../../../../../hooks/api/owners"
import { useWallets } from "../../../../../hooks/api/wallets"
import { useWalletColumns } from "./columns"
import { WalletFilters } from "./filters"
import { walletsQuery } from "./query"

const PAGE_SIZE = 20

/** Every wallet, filtered by the URL; a row opens the wallet. */
export const WalletsTable = ({ onGrant }: { onGrant: () => void }) => {
  const navigate = useNavigate()
  const filters = useUrlFilters("owner_id")
  const paging = usePaging(PAGE_SIZE, `${filters.get("owner_type")}|${filters.typed}|${filters.get("sales_channel_id")}`)
  const query = walletsQuery(filters, paging)
  const wallets = useWallets(query, { placeholderData: keepPreviousData })
  const rows = wallets.data?.wallets ?? []
  const columns = useWalletColumns(useOwnerLabels(rows))

  return (
    <ListTable
      rows={rows}
      columns={columns}
      query={wallets}
      toolbar={<WalletFilters filters={filters} />}
      paging={paging.of(wallets.data?.count ?? 0)}
      onRowClick={(id) => navigate(`/ai-credits/wallets/${id}`)}
      noMatches={{ filtered: filters.filtered, title: "No wallets match these filters" }}
      empty={{
        icon: <CreditCard />,
        title: "No wallets yet",
        description: "A wallet is created with its owner's first grant: a credit pack bought, a plan renewed, or an adjustment.",
        action: (
          <Button size="small" variant="secondary" onClick={onGrant}>
            Grant credits
          </Button>
        ),
      }}
    />
  )
}
