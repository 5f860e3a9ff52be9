import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Sparkles } from "@medusajs/icons"
import { Badge, Button, Container, Table, Text, toast } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { EmptyState, ErrorState, LoadingRows, SectionHeader, Stat } from "../components/states"
import { useOrderCredits, useSyncOrderCredits } from "../hooks/api/order-credits"
import { errorMessage } from "../lib/api"
import { formatCredits, formatDate, humanize } from "../lib/format"

const CAUSE_LABELS = { order_canceled: "Order canceled", order_refunded: "Refund" } as const

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
          {!grants.length ? (
            <div className="px-6 py-4">
              <Text size="small" className="text-ui-fg-subtle">
                {credits.canceled
                  ? "The order was canceled before its payment was captured: nothing was granted."
                  : `${formatCredits(credits.lines.reduce((sum, l) => sum + l.package.credits * l.quantity, 0))} credits will be granted when the payment is captured.`}
              </Text>
            </div>
          ) : (
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Grant</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Credits</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Unused</Table.HeaderCell>
                  <Table.HeaderCell>Expires</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {grants.map((g) => (
                  <Table.Row key={g.id}>
                    <Table.Cell>
                      <Link to={`/ai-credits/wallets/${g.wallet_id}`} className="text-ui-fg-interactive hover:underline">
                        {humanize(g.status)}
                      </Link>
                      {g.rolled_back ? (
                        <Badge size="2xsmall" color="orange" className="ml-2">
                          Rolled back
                        </Badge>
                      ) : null}
                    </Table.Cell>
                    <Table.Cell className="text-right tabular-nums">{formatCredits(g.amount)}</Table.Cell>
                    <Table.Cell className="text-right tabular-nums">{formatCredits(g.remaining)}</Table.Cell>
                    <Table.Cell>{g.expires_at ? formatDate(g.expires_at) : "Never"}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          )}
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
