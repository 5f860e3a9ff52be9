import { defineRouteConfig } from "@medusajs/admin-sdk"
import { CreditCard, Plus } from "@medusajs/icons"
import { Button, Container, Heading, Input, Table, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { useNavigate, useSearchParams } from "react-router-dom"
import { AdjustCreditsDrawer } from "../../../components/adjust-credits-drawer"
import { OwnerTypeBadge } from "../../../components/badges"
import { SelectFilter } from "../../../components/form"
import { Pager, usePaging } from "../../../components/pagination"
import { EmptyState, ErrorState, LoadingRows } from "../../../components/states"
import { OWNER_TYPES, aiCreditsApi, aiCreditsKeys, type OwnerType, type WalletListQuery } from "../../../lib/api"
import { OWNER_TYPE_LABELS, formatCredits, formatDate } from "../../../lib/format"
import { useOwnerLabels, useSalesChannelNames } from "../../../lib/owners"

const PAGE_SIZE = 20

const WalletsPage = () => {
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const [adjusting, setAdjusting] = useState(false)
  const ownerType = (params.get("owner_type") as OwnerType | null) ?? undefined
  const ownerId = params.get("owner_id") ?? ""
  const salesChannelId = params.get("sales_channel_id") ?? undefined
  const [ownerIdInput, setOwnerIdInput] = useState(ownerId)

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    if (value) {
      next.set(key, value)
    } else {
      next.delete(key)
    }
    setParams(next, { replace: true })
  }

  // Applies the typed owner id after a pause, as the dashboard's search boxes do.
  useEffect(() => {
    const handle = setTimeout(() => {
      if (ownerIdInput.trim() !== ownerId) {
        setParam("owner_id", ownerIdInput.trim() || undefined)
      }
    }, 400)
    return () => clearTimeout(handle)
  }, [ownerIdInput])

  const filterKey = `${ownerType}|${ownerId}|${salesChannelId}`
  const paging = usePaging(PAGE_SIZE, filterKey)
  const query: WalletListQuery = {
    owner_type: ownerType,
    owner_id: ownerId || undefined,
    sales_channel_id: salesChannelId,
    limit: paging.limit,
    offset: paging.offset,
  }
  const wallets = useQuery({
    queryKey: aiCreditsKeys.wallets(query),
    queryFn: () => aiCreditsApi.listWallets(query),
    placeholderData: keepPreviousData,
  })
  const channels = useSalesChannelNames()
  const rows = wallets.data?.wallets ?? []
  const ownerLabel = useOwnerLabels(rows)
  const filtered = Boolean(ownerType || ownerId || salesChannelId)

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div className="flex flex-col gap-y-1">
          <Heading level="h1">Wallets</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Credit balances of customers, customer groups, storefronts, pools and the store.
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => setAdjusting(true)}>
          <Plus />
          Adjust credits
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <SelectFilter
          ariaLabel="Owner type"
          value={ownerType}
          onChange={(v) => setParam("owner_type", v)}
          placeholder="All owner types"
          allLabel="All owner types"
          options={OWNER_TYPES.map((t) => ({ value: t, label: OWNER_TYPE_LABELS[t] }))}
        />
        <SelectFilter
          ariaLabel="Storefront"
          value={salesChannelId}
          onChange={(v) => setParam("sales_channel_id", v)}
          placeholder="Any storefront"
          allLabel="Any storefront"
          options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.label }))}
        />
        <Input
          size="small"
          type="search"
          aria-label="Owner id"
          placeholder="Owner id (cus_…, sc_…)"
          className="w-full md:w-64"
          value={ownerIdInput}
          onChange={(e) => setOwnerIdInput(e.target.value)}
        />
        {filtered ? (
          <Button
            size="small"
            variant="transparent"
            onClick={() => {
              setOwnerIdInput("")
              setParams(new URLSearchParams(), { replace: true })
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      {wallets.isLoading ? (
        <LoadingRows rows={8} />
      ) : wallets.isError ? (
        <ErrorState error={wallets.error} onRetry={() => void wallets.refetch()} />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No wallets match these filters" description="Change or clear the filters." />
        ) : (
          <EmptyState
            icon={<CreditCard />}
            title="No wallets yet"
            description="A wallet is created with its owner's first grant: a credit pack bought, a plan renewed, or an adjustment."
            action={
              <Button size="small" variant="secondary" onClick={() => setAdjusting(true)}>
                Grant credits
              </Button>
            }
          />
        )
      ) : (
        <>
          <div className="overflow-x-auto">
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Owner</Table.HeaderCell>
                  <Table.HeaderCell>Type</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Balance</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Held</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Available</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Overage used / limit</Table.HeaderCell>
                  <Table.HeaderCell>Created</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {rows.map((w) => (
                  <Table.Row
                    key={w.id}
                    className="cursor-pointer"
                    onClick={() => navigate(`/ai-credits/wallets/${w.id}`)}
                    tabIndex={0}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") {
                        navigate(`/ai-credits/wallets/${w.id}`)
                      }
                    }}
                  >
                    <Table.Cell>
                      <div className="flex flex-col">
                        <Text size="small" weight="plus">
                          {ownerLabel(w)}
                        </Text>
                        <Text size="xsmall" className="text-ui-fg-muted">
                          {w.owner_id}
                        </Text>
                      </div>
                    </Table.Cell>
                    <Table.Cell>
                      <OwnerTypeBadge type={w.owner_type} />
                    </Table.Cell>
                    <Table.Cell className={`text-right tabular-nums ${w.balance < 0 ? "text-ui-fg-error" : ""}`}>
                      {formatCredits(w.balance)}
                    </Table.Cell>
                    <Table.Cell className="text-ui-fg-subtle text-right tabular-nums">{formatCredits(w.reserved)}</Table.Cell>
                    <Table.Cell className={`text-right tabular-nums ${w.available <= 0 ? "text-ui-fg-error" : ""}`}>
                      {formatCredits(w.available)}
                    </Table.Cell>
                    <Table.Cell className="text-ui-fg-subtle text-right tabular-nums">
                      {formatCredits(w.overage_used)} / {formatCredits(w.overage_limit)}
                    </Table.Cell>
                    <Table.Cell className="whitespace-nowrap">{formatDate(w.created_at)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
          <Pager
            count={wallets.data?.count ?? 0}
            pageIndex={paging.pageIndex}
            pageSize={PAGE_SIZE}
            onPageChange={paging.setPageIndex}
          />
        </>
      )}
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
