import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowUpRightOnBox, ShoppingBag } from "@medusajs/icons"
import { Badge, Container, StatusBadge, Table, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { EmptyState, ErrorState, LoadingRows, SectionHeader } from "../../../components/states"
import { FILL_LABELS, creditPacksApi, creditPacksKeys, type CreditPackage } from "../../../lib/credit-packs"
import { formatCredits, humanize } from "../../../lib/format"
import { useAiModules } from "../../../lib/hooks"

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

const CreditPackagesPage = () => {
  const { moduleName } = useAiModules()
  const packages = useQuery({ queryKey: creditPacksKeys.packages, queryFn: () => creditPacksApi.listPackages() })
  const rows = packages.data?.packages ?? []
  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="Credit packages"
        description="Product variants that sell credits. Edit a package, or make a variant one, on its product's page."
      />
      {packages.isLoading ? (
        <LoadingRows />
      ) : packages.isError ? (
        <ErrorState error={packages.error} onRetry={() => void packages.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<ShoppingBag />}
          title="No credit packages yet"
          description="Open a product and choose “Sell credits” on one of its variants: buying it then grants credits."
          action={
            <Link to="/products" className="text-ui-fg-interactive txt-compact-small-plus hover:underline">
              Go to products
            </Link>
          }
        />
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Package</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Credits</Table.HeaderCell>
                <Table.HeaderCell>Kind</Table.HeaderCell>
                <Table.HeaderCell>Valid for</Table.HeaderCell>
                <Table.HeaderCell>Fills</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((pack) => (
                <Table.Row key={pack.id}>
                  <Table.Cell className="max-w-sm">
                    <div className="flex flex-col py-1">
                      <Text size="small" weight="plus" className="truncate">
                        {pack.title}
                      </Text>
                      <Text size="xsmall" className="text-ui-fg-subtle truncate">
                        {sellerText(pack)}
                      </Text>
                      {pack.modules?.length ? (
                        <div className="flex flex-wrap gap-1 pt-1">
                          {pack.modules.map((m) => (
                            <Badge key={m} size="2xsmall">
                              {moduleName(m)}
                            </Badge>
                          ))}
                        </div>
                      ) : null}
                    </div>
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">{formatCredits(pack.credits)}</Table.Cell>
                  <Table.Cell>
                    <Badge size="2xsmall">{humanize(pack.kind)}</Badge>
                  </Table.Cell>
                  <Table.Cell className="whitespace-nowrap">
                    {pack.validity_days ? `${pack.validity_days} days` : "No expiry"}
                  </Table.Cell>
                  <Table.Cell>{FILL_LABELS[pack.fills] ?? humanize(pack.fills)}</Table.Cell>
                  <Table.Cell>
                    <div className="flex flex-col gap-y-1 py-1">
                      <StatusBadge color={pack.is_active ? "green" : "grey"}>{pack.is_active ? "Active" : "Inactive"}</StatusBadge>
                      {pack.product_variant?.product && pack.product_variant.product.status !== "published" ? (
                        <Text size="xsmall" className="text-ui-fg-subtle">
                          Product {pack.product_variant.product.status}
                        </Text>
                      ) : null}
                    </div>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    {pack.product_variant ? (
                      <Link
                        to={`/products/${pack.product_variant.product_id}`}
                        className="text-ui-fg-interactive txt-compact-small-plus inline-flex items-center gap-x-1 whitespace-nowrap hover:underline"
                      >
                        Open product <ArrowUpRightOnBox />
                      </Link>
                    ) : null}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Credit packages",
  rank: 10,
})

export const handle = {
  breadcrumb: () => "Credit packages",
}

export default CreditPackagesPage
