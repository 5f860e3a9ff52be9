import { ArrowUpRightOnBox } from "@medusajs/icons"
import { Badge, StatusBadge, Text, createDataTableColumnHelper } from "@medusajs/ui"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import { FILL_LABELS, type CreditPackage } from "../../../../../lib/credit-packs"
import { formatCredits, humanize } from "../../../../../lib/format"
import { TitleCell } from "../../../../../components/list-table"

const column = createDataTableColumnHelper<CreditPackage>()

/** Which product and variant sell the package, without repeating its title. */
function sellerText(pack: CreditPackage) {
  const variant = pack.product_variant
  if (!variant) {
    return "Its product variant was deleted"
  }
  const product = variant.product?.title
  const parts = [
    product && !pack.title.startsWith(product) ? product : null,
    `Variant “${variant.title ?? variant.id}”`,
    variant.sku ? `SKU ${variant.sku}` : null,
  ]
  return parts.filter(Boolean).join(" · ")
}

/** The credit packages' columns: what each sells, for how long, and its product. */
export function usePackageColumns(moduleName: (id: string) => string) {
  return useMemo(
    () => [
      column.accessor("title", {
        header: "Package",
        cell: ({ row: { original: pack } }) => (
          <TitleCell title={pack.title} detail={sellerText(pack)} className="max-w-sm" truncate>
            {pack.modules?.length ? (
              <div className="flex flex-wrap gap-1 pt-1">
                {pack.modules.map((m) => (
                  <Badge key={m} size="2xsmall">
                    {moduleName(m)}
                  </Badge>
                ))}
              </div>
            ) : null}
          </TitleCell>
        ),
      }),
      column.accessor("credits", {
        header: "Credits",
        align: "right",
        cell: ({ getValue }) => <span className="tabular-nums">{formatCredits(getValue())}</span>,
      }),
      column.accessor("kind", { header: "Kind", cell: ({ getValue }) => <Badge size="2xsmall">{humanize(getValue())}</Badge> }),
      column.accessor("validity_days", {
        header: "Valid for",
        cell: ({ getValue }) => <span className="whitespace-nowrap">{getValue() ? `${getValue()} days` : "No expiry"}</span>,
      }),
      column.accessor("fills", { header: "Fills", cell: ({ getValue }) => FILL_LABELS[getValue()] ?? humanize(getValue()) }),
      column.accessor("is_active", {
        header: "Status",
        cell: ({ row: { original: pack } }) => (
          <div className="flex flex-col gap-y-1 py-1">
            <StatusBadge color={pack.is_active ? "green" : "grey"}>{pack.is_active ? "Active" : "Inactive"}</StatusBadge>
            {pack.product_variant?.product && pack.product_variant.product.status !== "published" ? (
              <Text size="xsmall" className="text-ui-fg-subtle">
                Product {pack.product_variant.product.status}
              </Text>
            ) : null}
          </div>
        ),
      }),
      column.display({
        id: "product",
        cell: ({ row: { original: pack } }) =>
          pack.product_variant ? (
            <Link
              to={`/products/${pack.product_variant.product_id}`}
              className="text-ui-fg-interactive txt-compact-small-plus inline-flex items-center gap-x-1 whitespace-nowrap hover:underline"
            >
              Open product <ArrowUpRightOnBox />
            </Link>
          ) : null,
      }),
    ],
    [moduleName]
  )
}
