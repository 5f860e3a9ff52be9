import { Badge, Input } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { SelectFilter } from "../../../../../components/form"
import { ClearFilters, type useUrlFilters } from "../../../../../components/url-filters"
import { shortId } from "../../../../../lib/format"
import { useAiModules } from "../../../../../lib/hooks"
import { useSalesChannelNames } from "../../../../../lib/owners"

/** Module, storefront, customer id and (from a wallet's link) wallet: the filters of the usage list. */
export const UsageFilters = ({ filters }: { filters: ReturnType<typeof useUrlFilters> }) => {
  const { modules } = useAiModules()
  const channels = useSalesChannelNames()
  const walletId = filters.get("wallet_id")
  return (
    <>
      <SelectFilter
        ariaLabel="Module"
        value={filters.get("module")}
        onChange={(v) => filters.setParam("module", v)}
        placeholder="All modules"
        allLabel="All modules"
        options={modules.map((m) => ({ value: m.id, label: m.name }))}
      />
      <SelectFilter
        ariaLabel="Storefront"
        value={filters.get("sales_channel_id")}
        onChange={(v) => filters.setParam("sales_channel_id", v)}
        placeholder="All storefronts"
        allLabel="All storefronts"
        options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.label }))}
      />
      <Input
        size="small"
        type="search"
        aria-label="Customer id"
        placeholder="Customer id (cus_…)"
        className="w-full md:w-56"
        value={filters.typedInput}
        onChange={(e) => filters.setTypedInput(e.target.value)}
      />
      {walletId ? (
        <Badge size="small" className="gap-x-1">
          Wallet{" "}
          <Link to={`/ai-credits/wallets/${walletId}`} className="hover:underline">
            {shortId(walletId)}
          </Link>
        </Badge>
      ) : null}
      <ClearFilters filters={filters} />
    </>
  )
}
