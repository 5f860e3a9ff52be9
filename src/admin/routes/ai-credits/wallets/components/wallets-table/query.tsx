import type { useUrlFilters } from "../../../../../components/url-filters"
import type { OwnerType, WalletListQuery } from "../../../../../lib/api"

/** The wallet list's API query from its URL filters and page. */
export function walletsQuery(filters: ReturnType<typeof useUrlFilters>, paging: { limit: number; offset: number }) {
  const query: WalletListQuery = {
    owner_type: filters.get("owner_type") as OwnerType | undefined,
    owner_id: filters.typed || undefined,
    sales_channel_id: filters.get("sales_channel_id"),
    limit: paging.limit,
    offset: paging.offset,
  }
  return query
}
