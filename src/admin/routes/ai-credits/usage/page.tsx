import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Sparkles } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Input, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { Link, useSearchParams } from "react-router-dom"
import { SelectFilter } from "../../../components/form"
import { Pager, usePaging } from "../../../components/pagination"
import { RefundDrawer } from "../../../components/refund-drawer"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { UsageTable } from "../../../components/usage-table"
import { aiCreditsApi, aiCreditsKeys, type UsageEvent, type UsageListQuery } from "../../../lib/api"
import { shortId } from "../../../lib/format"
import { useAiModules } from "../../../lib/hooks"
import { useCustomerNames, useSalesChannelNames } from "../../../lib/owners"

const PAGE_SIZE = 50

const UsagePage = () => {
  const [params, setParams] = useSearchParams()
  const [refunding, setRefunding] = useState<UsageEvent | null>(null)
  const module = params.get("module") ?? undefined
  const salesChannelId = params.get("sales_channel_id") ?? undefined
  const walletId = params.get("wallet_id") ?? undefined
  const customerId = params.get("customer_id") ?? ""
  const [customerInput, setCustomerInput] = useState(customerId)

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    if (value) {
      next.set(key, value)
    } else {
      next.delete(key)
    }
    setParams(next, { replace: true })
  }

  useEffect(() => {
    const handle = setTimeout(() => {
      if (customerInput.trim() !== customerId) {
        setParam("customer_id", customerInput.trim() || undefined)
      }
    }, 400)
    return () => clearTimeout(handle)
  }, [customerInput])

  const paging = usePaging(PAGE_SIZE, `${module}|${salesChannelId}|${walletId}|${customerId}`)
  const query: UsageListQuery = {
    module,
    sales_channel_id: salesChannelId,
    wallet_id: walletId,
    customer_id: customerId || undefined,
    limit: paging.limit,
    offset: paging.offset,
  }
  const usage = useQuery({
    queryKey: aiCreditsKeys.usage(query),
    queryFn: () => aiCreditsApi.listUsage(query),
    placeholderData: keepPreviousData,
  })
  const { modules, moduleName } = useAiModules()
  const allChannels = useSalesChannelNames()
  const events = usage.data?.usage_events ?? []
  const customers = useCustomerNames(events.map((e) => e.customer_id))
  const customerMap = new Map((customers.data ?? []).map((c) => [c.id, c.label]))
  const channelMap = new Map((allChannels.data ?? []).map((c) => [c.id, c.label]))
  const filtered = Boolean(module || salesChannelId || walletId || customerId)

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">Usage</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Every metered AI request, newest first: what ran, for whom, on which storefront, and what it was charged.
          </Text>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <SelectFilter
          ariaLabel="Module"
          value={module}
          onChange={(v) => setParam("module", v)}
          placeholder="All modules"
          allLabel="All modules"
          options={modules.map((m) => ({ value: m.id, label: m.name }))}
        />
        <SelectFilter
          ariaLabel="Storefront"
          value={salesChannelId}
          onChange={(v) => setParam("sales_channel_id", v)}
          placeholder="All storefronts"
          allLabel="All storefronts"
          options={(allChannels.data ?? []).map((c) => ({ value: c.id, label: c.label }))}
        />
        <Input
          size="small"
          type="search"
          aria-label="Customer id"
          placeholder="Customer id (cus_…)"
          className="w-full md:w-56"
          value={customerInput}
          onChange={(e) => setCustomerInput(e.target.value)}
        />
        {walletId ? (
          <Badge size="small" className="gap-x-1">
            Wallet{" "}
            <Link to={`/ai-credits/wallets/${walletId}`} className="hover:underline">
              {shortId(walletId)}
            </Link>
          </Badge>
        ) : null}
        {filtered ? (
          <Button
            size="small"
            variant="transparent"
            onClick={() => {
              setCustomerInput("")
              setParams(new URLSearchParams(), { replace: true })
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      {usage.isLoading ? (
        <LoadingRows rows={10} />
      ) : usage.isError ? (
        <ErrorState error={usage.error} onRetry={() => void usage.refetch()} />
      ) : events.length === 0 ? (
        filtered ? (
          <EmptyState title="No usage matches these filters" description="Change or clear the filters." />
        ) : (
          <EmptyState
            icon={<Sparkles />}
            title="No AI usage yet"
            description="Requests from the storefront widgets (chatbot, AI search), admin AI actions and other plugins are listed here once they run."
          />
        )
      ) : (
        <>
          <UsageTable
            events={events}
            showWallet={!walletId}
            moduleName={moduleName}
            customerName={(id) => customerMap.get(id) ?? shortId(id)}
            channelName={(id) => channelMap.get(id) ?? shortId(id)}
            onRefund={setRefunding}
          />
          <Pager
            count={usage.data?.count ?? 0}
            pageIndex={paging.pageIndex}
            pageSize={PAGE_SIZE}
            onPageChange={paging.setPageIndex}
          />
        </>
      )}
      <RefundDrawer event={refunding} onClose={() => setRefunding(null)} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Usage",
  rank: 2,
})

export const handle = {
  breadcrumb: () => "Usage",
}

export default UsagePage
