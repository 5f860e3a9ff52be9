import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Sparkles } from "@medusajs/icons"
import { Badge, Button, Container, Text, createDataTableColumnHelper, toast } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { ListTable, NumberCell, numberHeader } from "../components/list-table"
import { EmptyState, ErrorState, LoadingRows, SectionHeader, Stat } from "../components/states"
import { useOrderCredits, useSyncOrderCredits } from "../hooks/api/order-credits"
import { errorMessage } from "../lib/api"
import type { OrderCredits } from "../lib/credit-packs"
import { formatCredits, formatDate, humanize } from "../lib/format"

const CAUSE_LABELS = { order_canceled: "Order canceled", order_refunded: "Refund" } as const

const grantColumn = createDataTableColumnHelper<OrderCredits["grants"][number]>()

/** Each grant the order's packs made: its status (linked to its wallet), its credits, what is unused and its expiry. */
const ORDER_GRANT_COLUMNS = [
  grantColumn.accessor("status", {
    header: "Grant",
    cell: ({ row: { original: g } }) => (
      <>
        <Link to={`/ai-credits/wallets/${g.wallet_id}`} className="text-ui-fg-interactive hover:underline">
          {humanize(g.status)}
        </Link>
        {g.rolled_back ? (
          <Badge size="2xsmall" color="orange" className="ml-2">
            Rolled back
          </Badge>
        ) : null}
      </>
    ),
  }),
  grantColumn.accessor("amount", {
    header: numberHeader("Credits"),
    cell: ({ getValue }) => <NumberCell>{formatCredits(getValue())}</NumberCell>,
  }),
  grantColumn.accessor("remaining", {
    header: numberHeader("Unused"),
    cell: ({ getValue }) => <NumberCell>{formatCredits(getValue())}</NumberCell>,
  }),
  grantColumn.accessor("expires_at", {
    header: "Expires",
    cell: ({ getValue }) => {
      const expiresAt = getValue()
      return expiresAt ? formatDate(expiresAt) : "Never"
    },
  }),
]

/** On an order's page: the credits its credit packs granted, and what a cancel or refund took back. */
const OrderAiCreditsWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const query = useOrderCredits(order.id)
  const sync = useSyncOrderCredits(order.id, {
    onSuccess: () => {
      toast.success("Credits brought up to date")
    },
    onError: (error) => toast.error("Could not update the credits", { description: errorMessage(error) }),
  })
  const credits = query.data?.order_credits
  const grants = credits?.grants ?? []

  return (
    <Container className="divide-y p-0">
      <SectionHeader
        title="AI credits"
        description={credits?.lines.length ? "Granted when the payment is captured; a cancel or refund takes back what is unused." : undefined}
        actions={
          credits?.lines.length ? (
            <Button size="small" variant="secondary" isLoading={sync.isPending} onClick={() => sync.mutate()}>
              Re-check
            </Button>
          ) : null
        }
      />
      {query.isLoading ? (
        <LoadingRows rows={2} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !credits || (!credits.lines.length && !grants.length) ? (
        <EmptyState icon={<Sparkles />} title="No credit packs in this order" />
      ) : (
        <>
          <div className="grid grid-cols-2 gap-4 px-6 py-4 md:grid-cols-4">
            <Stat label="Granted" value={formatCredits(credits.totals.granted)} />
            <Stat label="Unused" value={formatCredits(credits.totals.remaining)} />
            <Stat label="Revoked" value={formatCredits(credits.totals.revoked)} />
            <Stat
              label="Shortfall"
              value={formatCredits(credits.totals.shortfall)}
              tone={credits.totals.shortfall > 0 ? "warning" : "default"}
              hint={credits.totals.shortfall > 0 ? "Already spent when revoked" : undefined}
            />
          </div>
          <ListTable
            rows={grants}
            columns={ORDER_GRANT_COLUMNS}
            empty={{
              icon: <Sparkles />,
              title: credits.canceled
                ? "The order was canceled before its payment was captured: nothing was granted."
                : `${formatCredits(credits.lines.reduce((sum, l) => sum + l.package.credits * l.quantity, 0))} credits will be granted when the payment is captured.`,
            }}
          />
          {credits.revocations.length ? (
            <div className="flex flex-col gap-y-2 px-6 py-4">
              <Text size="small" weight="plus">
                Taken back
              </Text>
              {credits.revocations.map((r) => (
                <Text key={r.ledger_entry_id} size="small" className="text-ui-fg-subtle">
                  {CAUSE_LABELS[r.cause]}: {formatCredits(r.taken)} of {formatCredits(r.requested)} credits
                  {r.shortfall ? ` (${formatCredits(r.shortfall)} already spent)` : ""}
                  {r.created_at ? ` · ${formatDate(r.created_at)}` : ""}
                </Text>
              ))}
            </div>
          ) : null}
        </>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side",
  id: "medusa-ai-credits:order-credits",
})

export default OrderAiCreditsWidget
