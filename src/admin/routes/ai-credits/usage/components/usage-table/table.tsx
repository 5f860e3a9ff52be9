import { Sparkles } from "@medusajs/icons"
import { keepPreviousData } from "@tanstack/react-query"
import { useMemo, useState } from "react"
import { ListTable } from "../../../../../components/list-table"
import type { EmptyStateProps } from "../../../../../components/states"
import { usePaging } from "../../../../../components/pagination"
import { RefundDrawer } from "../../../../../components/refund-drawer"
import { useUrlFilters } from "../../../../../components/url-filters"
import { useUsageEvents } from "../../../../../hooks/api/usage"
import type { UsageEvent, UsageListQuery } from "../../../../../lib/api"
import { shortId } from "../../../../../lib/format"
import { useAiModules } from "../../../../../hooks/api/modules"
import { useCustomerNames, useSalesChannelNames } from "../../../../../hooks/api/owners"
import { useUsageColumns } from "./columns"
import { UsageFilters } from "./filters"

const PAGE_SIZE = 50

const labelOf = (named: { id: string; label: string }[] | undefined) => {
  const byId = new Map((named ?? []).map((n) => [n.id, n.label]))
  return (id: string) => byId.get(id) ?? shortId(id)
}

const NO_USAGE: EmptyStateProps = {
  icon: <Sparkles />,
  title: "No AI usage yet",
  description:
    "Requests from the storefront widgets (chatbot, AI search), admin AI actions and other plugins are listed here once they run.",
}

/** Every metered AI request, filtered by the URL, each refundable while charged. */
export const UsageTable = () => {
  const [refunding, setRefunding] = useState<UsageEvent | null>(null)
  const filters = useUrlFilters("customer_id")
  const walletId = filters.get("wallet_id")
  const paging = usePaging(PAGE_SIZE, `${filters.get("module")}|${filters.get("sales_channel_id")}|${walletId}|${filters.typed}`)
  const query: UsageListQuery = {
    module: filters.get("module"),
    sales_channel_id: filters.get("sales_channel_id"),
    wallet_id: walletId,
    customer_id: filters.typed || undefined,
    limit: paging.limit,
    offset: paging.offset,
  }
  const usage = useUsageEvents(query, { placeholderData: keepPreviousData })
  const { moduleName } = useAiModules()
  const allChannels = useSalesChannelNames()
  const events = usage.data?.usage_events ?? []
  const customers = useCustomerNames(events.map((e) => e.customer_id))
  // Name lookups change only when their lists load, so the columns (memoized on them) stay put.
  const customerName = useMemo(() => labelOf(customers.data), [customers.data])
  const channelName = useMemo(() => labelOf(allChannels.data), [allChannels.data])
  const columns = useUsageColumns({ moduleName, customerName, channelName }, !walletId, setRefunding)

  return (
    <>
      <ListTable
        rows={events}
        columns={columns}
        query={usage}
        toolbar={<UsageFilters filters={filters} />}
        paging={paging.of(usage.data?.count ?? 0)}
        noMatches={{ filtered: filters.filtered, title: "No usage matches these filters" }}
        empty={NO_USAGE}
      />
      <RefundDrawer event={refunding} onClose={() => setRefunding(null)} />
    </>
  )
}
