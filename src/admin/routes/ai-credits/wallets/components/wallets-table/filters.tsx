import { ClearFilters, ParamSelect, StorefrontFilter, TypedFilter, type useUrlFilters } from "../../../../../components/url-filters"
import { OWNER_TYPES } from "../../../../../lib/api"
import { OWNER_TYPE_LABELS } from "../../../../../lib/format"

/** Owner type, storefront and owner id: the filters of the wallet list. */
export const WalletFilters = ({ filters }: { filters: ReturnType<typeof useUrlFilters> }) => (
  <>
    <ParamSelect
      filters={filters}
      param="owner_type"
      ariaLabel="Owner type"
      allLabel="All owner types"
      options={OWNER_TYPES.map((t) => ({ value: t, label: OWNER_TYPE_LABELS[t] }))}
    />
    <StorefrontFilter filters={filters} allLabel="Any storefront" />
    <TypedFilter filters={filters} ariaLabel="Owner id" placeholder="Owner id (cus_…, sc_…)" className="w-full md:w-64" />
    <ClearFilters filters={filters} />
  </>
)
