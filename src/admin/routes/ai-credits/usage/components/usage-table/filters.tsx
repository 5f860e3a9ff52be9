import { Badge } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { ClearFilters, ParamSelect, StorefrontFilter, TypedFilter, type useUrlFilters } from "../../../../../components/url-filters"
import { shortId } from "../../../../../lib/format"
import { useAiModules } from "../../../../../hooks/api/modules"

/** Module, storefront, customer id and (from a wallet's link) wallet: the filters of the usage list. */
export const UsageFilters = ({ filters }: { filters: ReturnType<typeof useUrlFilters> }) => {
  const { modules } = useAiModules()
  const walletId = filters.get("wallet_id")
  return (
    <>
      <ParamSelect
        filters={filters}
        param="module"
        ariaLabel="Module"
        allLabel="All modules"
        options={modules.map((m) => ({ value: m.id, label: m.name }))}
      />
      <StorefrontFilter filters={filters} allLabel="All storefronts" />
      <TypedFilter filters={filters} ariaLabel="Customer id" placeholder="Customer id (cus_…)" className="w-full md:w-56" />
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
