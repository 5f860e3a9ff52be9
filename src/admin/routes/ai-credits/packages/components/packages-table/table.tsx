import { ShoppingBag } from "@medusajs/icons"
import { Link } from "react-router-dom"
import { ListTable } from "../../../../../components/list-table"
import type { EmptyStateProps } from "../../../../../components/states"
import { useAiModules } from "../../../../../hooks/api/modules"
import { usePackages } from "../../../../../hooks/api/packages"
import { usePackageColumns } from "./columns"

const EMPTY_STATE: EmptyStateProps = {
  icon: <ShoppingBag />,
  title: "No credit packages yet",
  description: "Open a product and choose “Sell credits” on one of its variants: buying it then grants credits.",
  action: (
    <Link to="/products" className="text-ui-fg-interactive txt-compact-small-plus hover:underline">
      Go to products
    </Link>
  ),
}

/** The product variants that sell credits. */
export const PackagesTable = () => {
  const { moduleName } = useAiModules()
  const packages = usePackages()
  const columns = usePackageColumns(moduleName)
  return <ListTable rows={packages.data?.packages ?? []} columns={columns} query={packages} empty={EMPTY_STATE} />
}
