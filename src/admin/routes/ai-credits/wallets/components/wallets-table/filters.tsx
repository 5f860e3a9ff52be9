import { Input } from "@medusajs/ui"
import { SelectFilter } from "../../../../../components/form"
import { ClearFilters, type useUrlFilters } from "../../../../../components/url-filters"
import { OWNER_TYPES } from "../../../../../lib/api"
import { OWNER_TYPE_LABELS } from "../../../../../lib/format"
import { useSalesChannelNames } from "../../../../../lib/owners"

/** Owner type, storefront and owner id: the filters of the wallet list. */
export const WalletFilters = ({ filters }: { filters: ReturnType<typeof useUrlFilters> }) => {
  const channels = useSalesChannelNames()
  return (
    <>
      <SelectFilter
        ariaLabel="Owner type"
        value={filters.get("owner_type")}
        onChange={(v) => filters.setParam("owner_type", v)}
        placeholder="All owner types"
        allLabel="All owner types"
        options={OWNER_TYPES.map((t) => ({ value: t, label: OWNER_TYPE_LABELS[t] }))}
      />
      <SelectFilter
        ariaLabel="Storefront"
        value={filters.get("sales_channel_id")}
        onChange={(v) => filters.setParam("sales_channel_id", v)}
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
        value={filters.typedInput}
        onChange={(e) => filters.setTypedInput(e.target.value)}
      />
      <ClearFilters filters={filters} />
    </>
  )
}
